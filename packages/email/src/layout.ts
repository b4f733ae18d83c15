// The frame every email shares: the store's name on top, the message, a plain footer.
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface EmailBody {
  storeName: string;
  /** Plain-text paragraphs; escaped for the HTML part. */
  paragraphs: string[];
  action?: { label: string; url: string };
}

export function renderEmail({ storeName, paragraphs, action }: EmailBody): { html: string; text: string } {
  const html = `<!doctype html><html><body style="margin:0;background:#f8fafc;font-family:Arial,sans-serif;color:#0f172a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;padding:24px">
<tr><td style="font-size:20px;font-weight:bold;color:#4338ca;padding-bottom:16px">${escapeHtml(storeName)}</td></tr>
${paragraphs.map((p) => `<tr><td style="font-size:15px;line-height:1.5;padding-bottom:12px">${escapeHtml(p)}</td></tr>`).join('\n')}
${
  action
    ? `<tr><td style="padding:8px 0 16px"><a href="${escapeHtml(action.url)}" style="background:#4338ca;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></td></tr>`
    : ''
}
<tr><td style="font-size:12px;color:#64748b;padding-top:16px">You receive this email because you have an account at ${escapeHtml(storeName)}.</td></tr>
</table></td></tr></table></body></html>`;
  const text = [
    storeName,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
  ]
    .join('\n')
    .trimEnd();
  return { html, text };
}
