/**
 * Thrown when the font cannot draw some character of the certificate, typically a rare name character
 * (生僻字) outside the font's coverage. Issuing the document anyway would print a blank box where
 * part of the person's name should be; refusing names the characters, so an operator can configure a
 * font that has them (PASSAGE_CJK_FONT). Retrying cannot help.
 */
export class MissingGlyphsError extends Error {
  override readonly name = 'MissingGlyphsError';

  constructor(
    readonly fontPath: string,
    readonly characters: readonly string[],
  ) {
    super(
      `The certificate font ${fontPath} has no glyph for ` +
        characters.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ') +
        '; set PASSAGE_CJK_FONT to a font that covers them',
    );
  }
}
