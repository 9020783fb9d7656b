// Draws the app's PNG icons from the SVG sources in static/img/icons/ into var/icons/,
// which settings.STATICFILES_DIRS serves as static/icons/. Run by `make run` and `make test`
// after `npm ci`; the PNGs are build output and never committed.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "static", "img", "icons");
const target = join(root, "var", "icons");

// [source svg, output png, width]: the sizes browsers ask for (the manifest lists them),
// and Apple's 180 px touch icon, which iOS uses instead of the manifest's.
const ICONS = [
  ["icon.svg", "icon-192.png", 192],
  ["icon.svg", "icon-512.png", 512],
  ["icon-maskable.svg", "icon-maskable-512.png", 512],
  ["icon-maskable.svg", "apple-touch-icon.png", 180],
];

mkdirSync(target, { recursive: true });
for (const [svg, png, width] of ICONS) {
  const image = new Resvg(readFileSync(join(source, svg)), { fitTo: { mode: "width", value: width } });
  writeFileSync(join(target, png), image.render().asPng());
}
console.log(`icons: ${ICONS.length} PNGs in var/icons/`);
