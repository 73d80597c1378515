// Reading the HTML the app answers with as a browser or a reader would.

/** The language a page declares on its <html> element. */
export const htmlLang = (body: string) => /<html lang="([a-z]+)"/.exec(body)?.[1];

/** Handlebars writes = in attributes as &#x3D;; browsers read both alike, so links are compared so. */
export const unescaped = (html: string) => html.replaceAll('&#x3D;', '=');

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text with every character reference undone (Handlebars escapes & < > " ' ` =): what a reader sees. */
export const decodeEntities = (text: string) =>
  text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, code: string) =>
    code[0] === '#' ? String.fromCodePoint(code[1]?.toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : Number(code.slice(1))) : (namedEntities[code] ?? whole),
  );
