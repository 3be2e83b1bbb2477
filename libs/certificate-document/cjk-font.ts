import { existsSync } from 'node:fs';

/**
 * Where the CJK font for certificates comes from. pdfkit's standard fonts have no Chinese glyphs, so a
 * TrueType font is embedded (pdfkit subsets it to the glyphs used, keeping the PDF small).
 *
 * Font collections (.ttc) hold several faces, and pdfkit needs the PostScript name of the one to use:
 * given a collection without a name it fails later with the unhelpful "this.font.createSubset is not a
 * function". Hence the name travels with the path.
 */
export interface CjkFont {
  path: string;
  /** Required for a .ttc/.otc collection; list the names with `fc-scan --format "%{postscriptname}\n" FILE`. */
  postscriptName?: string;
}

export const CJK_FONT_ENV_VAR = 'PASSAGE_CJK_FONT';

/** Debian locations, in order of preference. Each was checked to embed in pdfkit. */
export const KNOWN_CJK_FONTS: readonly CjkFont[] = [
  // fonts-wqy-microhei: 5 MB, has Latin glyphs too, so one font serves both languages.
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  // fonts-wqy-zenhei: larger, same coverage for our purposes.
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
];

const INSTALL_HINT = `run scripts/install-fonts.sh (installs the Debian package fonts-wqy-microhei) or set ${CJK_FONT_ENV_VAR}`;

/**
 * The font to embed: `PASSAGE_CJK_FONT` when set (`/path/font.ttf`, or `/path/fonts.ttc#PostScriptName`
 * for a collection), else the first known Debian font present. A configured path that does not exist
 * is an error rather than a silent fallback: the operator asked for that font.
 */
export function resolveCjkFont(
  env: NodeJS.ProcessEnv = process.env,
  fileExists: (path: string) => boolean = existsSync,
): CjkFont {
  const configured = env[CJK_FONT_ENV_VAR]?.trim();
  if (configured) return parseConfiguredFont(configured, fileExists);
  const found = KNOWN_CJK_FONTS.find((font) => fileExists(font.path));
  if (found) return found;
  throw new Error(
    `No CJK font found for certificate PDFs (looked in ${KNOWN_CJK_FONTS.map((f) => f.path).join(', ')}); ${INSTALL_HINT}.`,
  );
}

/** Just the file, for callers that only need to know a font is there. */
export function resolveCjkFontPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolveCjkFont(env).path;
}

function parseConfiguredFont(value: string, fileExists: (path: string) => boolean): CjkFont {
  const hash = value.lastIndexOf('#');
  const path = hash >= 0 ? value.slice(0, hash) : value;
  const postscriptName = hash >= 0 ? value.slice(hash + 1) : undefined;
  if (!fileExists(path)) throw new Error(`${CJK_FONT_ENV_VAR}=${value}: no such file; ${INSTALL_HINT}.`);
  if (postscriptName) return { path, postscriptName };
  if (/\.(ttc|otc)$/i.test(path)) {
    const known = KNOWN_CJK_FONTS.find((font) => font.path === path);
    if (known) return known;
    throw new Error(
      `${CJK_FONT_ENV_VAR}=${value} is a font collection: append #<PostScriptName> to choose a face ` +
        `(list them with: fc-scan --format "%{postscriptname}\\n" ${path}).`,
    );
  }
  return { path };
}
