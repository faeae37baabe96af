// scheme://anything-up-to-whitespace-or-quote: http(s) and the like.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/**
 * The text with every URL replaced by `<url>`: the last line of defence for an error message
 * that quotes an upstream's own words before it goes to the browser.
 */
export function withoutUrls(text: string): string {
  return text.replace(URL_IN_TEXT, '<url>');
}
