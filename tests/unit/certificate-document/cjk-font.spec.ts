import { CJK_FONT_ENV_VAR, KNOWN_CJK_FONTS, resolveCjkFont, resolveCjkFontPath } from '../../../libs/certificate-document';

const exists = (...paths: string[]) => (path: string) => paths.includes(path);

describe('resolveCjkFont', () => {
  it('prefers the environment variable', () => {
    expect(resolveCjkFont({ [CJK_FONT_ENV_VAR]: '/fonts/a.ttf' }, exists('/fonts/a.ttf', KNOWN_CJK_FONTS[0]!.path))).toEqual({
      path: '/fonts/a.ttf',
    });
  });

  it('takes the face of a collection after #', () => {
    expect(resolveCjkFont({ [CJK_FONT_ENV_VAR]: '/fonts/b.ttc#SomeFace' }, exists('/fonts/b.ttc'))).toEqual({
      path: '/fonts/b.ttc',
      postscriptName: 'SomeFace',
    });
  });

  it('knows the face for a known collection given without one', () => {
    const known = KNOWN_CJK_FONTS[0]!;
    expect(resolveCjkFont({ [CJK_FONT_ENV_VAR]: known.path }, exists(known.path))).toEqual(known);
  });

  it('explains that an unknown collection needs a face name', () => {
    expect(() => resolveCjkFont({ [CJK_FONT_ENV_VAR]: '/fonts/c.ttc' }, exists('/fonts/c.ttc'))).toThrow(/#<PostScriptName>.*fc-scan/);
  });

  it('does not fall back when the configured file is missing', () => {
    expect(() => resolveCjkFont({ [CJK_FONT_ENV_VAR]: '/nope.ttf' }, exists(KNOWN_CJK_FONTS[0]!.path))).toThrow(/PASSAGE_CJK_FONT=\/nope\.ttf/);
  });

  it('falls back to the known Debian fonts, in order', () => {
    expect(resolveCjkFont({}, exists(KNOWN_CJK_FONTS[1]!.path))).toEqual(KNOWN_CJK_FONTS[1]);
    expect(resolveCjkFont({}, exists(KNOWN_CJK_FONTS[0]!.path, KNOWN_CJK_FONTS[1]!.path))).toEqual(KNOWN_CJK_FONTS[0]);
  });

  it('names the env var and the install script when nothing is found', () => {
    expect(() => resolveCjkFont({}, exists())).toThrow(/PASSAGE_CJK_FONT/);
    expect(() => resolveCjkFont({}, exists())).toThrow(/scripts\/install-fonts\.sh/);
  });

  it('finds the font installed by scripts/install-fonts.sh on this machine', () => {
    expect(resolveCjkFontPath({})).toMatch(/\.tt[cf]$/);
  });
});
