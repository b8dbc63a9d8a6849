// "Copy code" and "Copy link" buttons. They are hidden without JavaScript
// and shown only where the Clipboard API exists.
export function initCopy() {
  const buttons = document.querySelectorAll("[data-copy], [data-copy-link]");
  if (!buttons.length || !navigator.clipboard) return;
  for (const btn of buttons) {
    btn.hidden = false;
    const label = btn.textContent;
    btn.addEventListener("click", async () => {
      // data-copy-link="#cause-id" copies the page's link to that anchor.
      const text = btn.hasAttribute("data-copy-link") ? canonical() + btn.getAttribute("data-copy-link") : btn.getAttribute("data-copy");
      try {
        await navigator.clipboard.writeText(text);
        btn.textContent = "Copied";
      } catch (e) {
        btn.textContent = "Copy failed";
      }
      setTimeout(() => { btn.textContent = label; }, 1500);
    });
  }
}

function canonical() {
  const link = document.querySelector('link[rel="canonical"]');
  return link ? link.href : location.href.split("#")[0];
}
