import { toBuffer } from 'qrcode';

/**
 * The QR image for a verification token. Level M (15% recovery) survives a crease or a smudge on paper
 * while keeping the ~270-character token at a module size phone cameras read easily at print scale.
 */
export function renderVerificationQrPng(token: string): Promise<Buffer> {
  return toBuffer(token, { errorCorrectionLevel: 'M', type: 'png', margin: 4, scale: 4 });
}
