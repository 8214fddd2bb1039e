import { escapeHtml } from './html-escape';

/** Small self-contained pages of the tracking endpoints (no scripts, no external resources). */

export const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
} as const;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2328}button{font:inherit;padding:.5rem 1.25rem;cursor:pointer}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

export const invalidLinkPage = () => page('This link is not valid', '<p>The link is damaged or was changed after it was sent. Please use the link in the original email.</p>');

export const unavailablePage = () => page('Please try again', '<p>This service is briefly unavailable. Reload the page in a moment.</p>');

export function unsubscribeConfirmPage(contactEmail: string | undefined): string {
  const who = contactEmail ? ` <strong>${escapeHtml(contactEmail)}</strong>` : '';
  return page(
    'Unsubscribe',
    `<p>Stop sending these emails to${who || ' this address'}?</p>
<form method="post" action="?source=link"><input type="hidden" name="confirm" value="yes"><button type="submit">Unsubscribe</button></form>`,
  );
}

export const unsubscribedPage = () => page('You are unsubscribed', '<p>You will not receive these emails any more.</p>');
