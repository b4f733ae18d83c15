// A local mail catcher for machines with no SMTP server: accepts every email on an SMTP port and
// shows them on a small web inbox. Used by npm start (and by the browser tests) when SMTP_* is unset.
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
main{max-width:960px;margin:0 auto;padding:16px}
a{color:#3730a3}
ul{list-style:none;padding:0}
li{background:#fff;border:1px solid #e2e8f0;border-radius:8px;margin:8px 0;padding:12px;overflow-wrap:anywhere}
.meta{color:#475569;font-size:14px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px}
iframe{width:100%;min-height:480px;border:1px solid #e2e8f0;border-radius:8px;background:#fff}
</style></head><body><main>${body}</main></body></html>`;
}

function addresses(field) {
  if (!field) return '';
  return Array.isArray(field) ? field.map((f) => f.text).join(', ') : field.text;
}

// `errors` is where the server reports errors: smtp-server re-emits its socket's errors itself.
async function listen(server, port, host, errors = server) {
  try {
    await new Promise((resolve, reject) => {
      errors.once('error', reject);
      server.listen(port, host, () => {
        errors.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if (error.code !== 'EADDRINUSE' || port === 0) throw error;
    // The preferred port is taken (another checkout's catcher?): any free port will do.
    await new Promise((resolve, reject) => {
      errors.once('error', reject);
      server.listen(0, host, () => {
        errors.off('error', reject);
        resolve();
      });
    });
  }
  return server.address().port;
}

export async function startMailCatcher({ smtpPort = 1025, httpPort = 1080, host = '127.0.0.1' } = {}) {
  const messages = [];
  let nextId = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'catcher' });
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.unshift({
            id: nextId++,
            subject: mail.subject ?? '(no subject)',
            from: addresses(mail.from),
            to: addresses(mail.to),
            date: new Date(),
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          messages.length = Math.min(messages.length, 500);
          callback();
        })
        .catch(callback);
    },
  });

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/api/messages') return send(200, 'application/json', JSON.stringify(messages));
    const match = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (match) {
      const m = messages.find((x) => x.id === Number(match[1]));
      if (!m)
        return send(
          404,
          'text/html; charset=utf-8',
          page('Not found', '<h1>No such email</h1><p><a href="/">Inbox</a></p>'),
        );
      return send(
        200,
        'text/html; charset=utf-8',
        page(
          m.subject,
          `<p><a href="/">← Inbox</a></p><h1>${esc(m.subject)}</h1>
<p class="meta">From ${esc(m.from)} · To ${esc(m.to)} · ${esc(m.date.toISOString())}</p>
${m.html ? `<iframe title="HTML version of the email" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${esc(m.html.replace('<head>', '<head><base target="_blank">'))}"></iframe>` : ''}
<h2>Text version</h2><pre>${esc(m.text)}</pre>`,
        ),
      );
    }
    if (url.pathname !== '/') return send(404, 'text/plain', 'Not found');
    const items = messages
      .map(
        (m) =>
          `<li><a href="/messages/${m.id}">${esc(m.subject)}</a><div class="meta">To ${esc(m.to)} · ${esc(m.date.toLocaleString())}</div></li>`,
      )
      .join('');
    return send(
      200,
      'text/html; charset=utf-8',
      page(
        'Local inbox',
        `<h1>Local inbox</h1><p class="meta">Every email the shop sends on this machine lands here. Reload to see new ones.</p>${
          items ? `<ul>${items}</ul>` : '<p>No emails yet.</p>'
        }`,
      ),
    );
  });

  const boundSmtp = await listen(smtp.server, smtpPort, host, smtp);
  const boundHttp = await listen(http, httpPort, host);
  // A broken client connection must not bring down npm start.
  smtp.on('error', (error) => process.stderr.write(`mail catcher: ${error.message}\n`));
  return {
    smtpPort: boundSmtp,
    httpPort: boundHttp,
    smtpUrl: `smtp://${host}:${boundSmtp}`,
    inboxUrl: `http://localhost:${boundHttp}`,
    messages,
    close: () =>
      Promise.all([new Promise((r) => smtp.close(r)), new Promise((r) => http.close(r))]).then(() => undefined),
  };
}
