import type { Page } from '@playwright/test';

/**
 * One PNG of many screenshots in a labelled grid, drawn on a canvas in the page (the browser is
 * the only image library at hand): a single picture to look at instead of dozens.
 */
export async function contactSheet(page: Page, tiles: { label: string; png: Buffer }[], columns: number, tileWidth = 300): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    async ({ encoded, columns: perRow, width }) => {
      const images = await Promise.all(
        encoded.map(async ({ png }) => {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          return image;
        }),
      );
      const labelHeight = 18;
      const height = Math.round((images[0].height / images[0].width) * width);
      const canvas = document.createElement('canvas');
      canvas.width = perRow * width;
      canvas.height = Math.ceil(images.length / perRow) * (height + labelHeight);
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.fillStyle = '#000';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.font = '12px sans-serif';
      images.forEach((image, index) => {
        const x = (index % perRow) * width;
        const y = Math.floor(index / perRow) * (height + labelHeight);
        context.fillStyle = '#ff0';
        context.fillText(encoded[index].label, x + 4, y + 13);
        context.drawImage(image, x, y + labelHeight, width, height);
      });
      return canvas.toDataURL('image/png');
    },
    { encoded: tiles.map((tile) => ({ label: tile.label, png: tile.png.toString('base64') })), columns, width: tileWidth },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}
