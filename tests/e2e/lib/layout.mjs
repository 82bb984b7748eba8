// Checks a rendered Adaptive Card for text a person cannot read: text cut off at the edge (a non-wrapping text
// block or cell wider than its box) and words broken across lines (a column too narrow for its header, such as
// "Submitt / er"). Runs in the page, on the card's DOM as the Playground's renderer drew it, so it sees what the
// person sees at the Playground's width.

/**
 * Problems with the card's layout, each in words ("clipped: 'abc…' (412 px in 300 px)"); empty when every text
 * fits. `locator` is a Playwright locator of one `.ac-adaptiveCard`.
 */
export async function layoutProblems(locator) {
  return locator.evaluate((card) => {
    const problems = [];
    const short = (text) => {
      const flat = text.replace(/\s+/g, ' ').trim();
      return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
    };
    const visible = (element) => {
      const style = getComputedStyle(element);
      return style.display !== 'none' && style.visibility !== 'hidden' && element.getClientRects().length > 0;
    };

    // 1. Clipped: an element that hides its overflow and holds more than it shows. The renderer gives a
    //    non-wrapping TextBlock `overflow: hidden; text-overflow: ellipsis; white-space: nowrap`.
    for (const element of card.querySelectorAll('*')) {
      if (!visible(element) || !element.innerText?.trim()) continue;
      const style = getComputedStyle(element);
      const hidesX = ['hidden', 'clip'].includes(style.overflowX);
      if (hidesX && element.scrollWidth > element.clientWidth + 1 && element.children.length === 0) {
        problems.push(`clipped: '${short(element.innerText)}' (${element.scrollWidth} px in ${element.clientWidth} px)`);
      }
    }

    // 2. Words broken across lines: a word whose glyphs sit on more than one line box. Long unbroken strings
    //    (ids, hashes, addresses: over 30 characters without a space) must wrap somewhere, so they may break anywhere.
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !visible(parent)) continue;
      for (const match of node.data.matchAll(/\p{L}{2,}/gu)) {
        const token = /\S*$/.exec(node.data.slice(0, match.index))[0] + /^\S*/.exec(node.data.slice(match.index))[0];
        if (token.length > 30) continue;
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`word broken across lines: '${match[0]}' in '${short(parent.innerText)}'`);
      }
    }

    // 3. Spilling out: content drawn past the card's right edge.
    const edge = card.getBoundingClientRect().right;
    for (const element of card.querySelectorAll('.ac-textBlock, [role="cell"], [role="columnheader"]')) {
      if (!visible(element)) continue;
      const right = element.getBoundingClientRect().right;
      if (right > edge + 1) problems.push(`past the card's edge: '${short(element.innerText)}' (${Math.round(right - edge)} px)`);
    }

    return [...new Set(problems)];
  });
}
