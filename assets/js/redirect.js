// On a redirect page (a lower-case code, an alias, a former code), go on
// at once with the fragment the reader came with: /errors/OLD_CODE/#cause
// leads to the same cause of the new page. The page's meta refresh is the
// fallback without JavaScript.
const link = document.querySelector("[data-redirect]");
if (link) location.replace(link.href + location.hash);
