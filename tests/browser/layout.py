"""What a thumb and an eye need on a phone, measured in the page as it is drawn.

`layout_problems(page)` returns one line per fault, empty when the page is fine:

- the page wider than the viewport (it scrolls sideways), naming the widest elements;
- an interactive element smaller than 24×24 CSS px (WCAG 2.2, 2.5.8), unless it is a link
  inside a sentence, or it has room around it (no other target within a 24 px circle; a
  target in a bar fixed to the screen is no neighbour of the page scrolling under it);
- the page's primary action (`[data-primary-action]`, else the first `.btn-primary` in main)
  smaller than 44×44;
- text smaller than 12 px as drawn (SVG text scaled by its viewBox included).
"""

from playwright.sync_api import Page

MEASURE = r"""() => {
  const problems = [];
  const viewport = document.documentElement.clientWidth;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const classes = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean);
    if (classes.length) name += "." + classes.slice(0, 3).join(".");
    const text = (el.getAttribute("aria-label") || el.textContent || "")
      .trim().replace(/\s+/g, " ");
    return text ? `${name} "${text.slice(0, 40)}"` : name;
  };
  const shown = (el) => {
    if (!el.checkVisibility({checkOpacity: false, checkVisibilityCSS: true})) return false;
    const box = el.getBoundingClientRect();
    // Visually hidden (screen-reader-only) elements are 1×1 and clipped.
    return box.width > 1 && box.height > 1;
  };
  const clippedByAncestor = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible" || style.position === "fixed") return true;
    }
    return false;
  };

  // 1. Sideways scrolling.
  const width = document.documentElement.scrollWidth;
  if (width > viewport + 1) {
    const culprits = [...document.body.querySelectorAll("*")]
      .filter((el) => shown(el) && el.getBoundingClientRect().right > viewport + 1)
      .filter((el) => !clippedByAncestor(el))
      .filter((el) => ![...el.children].some(
        (c) => c.getBoundingClientRect().right > viewport + 1));
    problems.push(`the page is ${width}px wide in a ${viewport}px viewport: ` +
      culprits.slice(0, 5).map(describe).join("; "));
  }

  // 2. Targets under 24×24.
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=radio], [role=checkbox], [role=link], [role=tab], ' +
    '[tabindex]:not([tabindex="-1"])';
  const targets = [...document.querySelectorAll(selector)].filter((el) =>
    shown(el) && !el.disabled && el.getAttribute("aria-disabled") !== "true" &&
    !el.closest("[inert]"));
  const boxes = targets.map((el) => el.getBoundingClientRect());
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    return [...el.parentElement.childNodes].some((node) =>
      node !== el && node.nodeType === Node.TEXT_NODE && node.textContent.trim().length > 1);
  };
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const distanceToBox = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  // A bar fixed to the screen (the phone's tab bar) lies over the page, which scrolls under
  // it: the two are never neighbours.
  const layerOf = (el) => {
    for (let up = el; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).position === "fixed") return up;
    }
    return null;
  };
  const layers = targets.map(layerOf);
  const small = [];
  targets.forEach((el, i) => {
    const box = boxes[i];
    if ((box.width >= 23.5 && box.height >= 23.5) || inSentence(el)) return;
    const here = centre(box);
    const crowded = targets.some((other, j) => {
      if (j === i || other.contains(el) || el.contains(other)) return false;
      if (layers[j] !== layers[i]) return false;
      const otherBox = boxes[j];
      const otherSmall = otherBox.width < 23.5 || otherBox.height < 23.5;
      const [x, y] = centre(otherBox);
      return otherSmall ? Math.hypot(here[0] - x, here[1] - y) < 24
                        : distanceToBox(here, otherBox) < 12;
    });
    if (crowded) small.push(`${describe(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
  });
  if (small.length) {
    problems.push(`${small.length} target(s) under 24×24 px with others close by: ` +
      small.slice(0, 8).join("; ") + (small.length > 8 ? "; …" : ""));
  }

  // 3. The primary action at 44×44.
  const main = document.querySelector("main") || document.body;
  const primary = main.querySelector("[data-primary-action]") ||
    [...main.querySelectorAll(".btn-primary")].find(shown);
  if (primary && shown(primary)) {
    const box = primary.getBoundingClientRect();
    if (box.width < 43.5 || box.height < 43.5) {
      problems.push(`the primary action ${describe(primary)} is ${Math.round(box.width)}×` +
        `${Math.round(box.height)} px, under 44×44`);
    }
  }

  // 4. Text under 12 px as drawn.
  const tiny = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    if (["SCRIPT", "STYLE", "TITLE"].includes(el.tagName) || el.closest("title, desc")) continue;
    if (el instanceof SVGElement && !(el instanceof SVGGraphicsElement)) continue;
    if (el.closest("[aria-hidden=true]") && !el.closest("svg")) continue;
    if (!shown(el) && !(el instanceof SVGElement)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const matrix = el.getScreenCTM();
      const box = el.getBoundingClientRect();
      if (!matrix || box.width === 0) continue;
      size *= Math.hypot(matrix.a, matrix.b);
    }
    if (size < 11.95) {
      const key = `${describe(el)} at ${size.toFixed(1)}px`;
      tiny.set(key, (tiny.get(key) || 0) + 1);
    }
  }
  if (tiny.size) {
    problems.push(`text under 12 px: ` + [...tiny.keys()].slice(0, 8).join("; ") +
      (tiny.size > 8 ? "; …" : ""));
  }
  return problems;
}"""


def layout_problems(page: Page) -> list[str]:
    return page.evaluate(MEASURE)
