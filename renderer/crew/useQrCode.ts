import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code for `text` as an SVG data URL (the CSP allows data: images, and SVG needs no
 * canvas). Null while it is being drawn, or if the text is too long for a QR code.
 */
export function useQrCode(text: string): string | null {
  const [drawn, setDrawn] = useState<{ text: string; url: string | null } | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 }).then(
      (svg) => {
        if (current) setDrawn({ text, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
      },
      () => {
        if (current) setDrawn({ text, url: null });
      },
    );
    return () => {
      current = false;
    };
  }, [text]);
  return drawn?.text === text ? drawn.url : null;
}
