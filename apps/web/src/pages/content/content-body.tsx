// A content page's text as React elements. The text's few rules: blocks are parted by blank lines; a
// line starting with '#' is a heading ('#' an h2 under the page's h1, '##' or '###' an h3); other lines
// are paragraphs whose single line breaks are kept. Plain text in, plain elements out: nothing the
// text says can become markup, so no HTML is ever injected and no markdown library is needed.
import { Fragment } from 'react';

export type ContentBlock = { kind: 'heading'; level: 2 | 3; text: string } | { kind: 'paragraph'; lines: string[] };

export function parseContentBody(body: string): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
      paragraph = [];
    };
    for (const line of chunk.split('\n').map((l) => l.trim())) {
      if (!line) continue;
      const heading = /^(#{1,3})\s+(.+)$/.exec(line);
      if (heading) {
        flush();
        blocks.push({ kind: 'heading', level: heading[1] === '#' ? 2 : 3, text: heading[2] ?? '' });
      } else {
        paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}

export function ContentBody({ body }: { body: string }) {
  return (
    <>
      {parseContentBody(body).map((block, i) => {
        // Blocks have no identity beyond their place in the text, which only changes with the text.
        const key = `${i}-${block.kind}`;
        if (block.kind === 'heading') {
          return block.level === 2 ? <h2 key={key}>{block.text}</h2> : <h3 key={key}>{block.text}</h3>;
        }
        return (
          <p key={key}>
            {block.lines.map((line, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a line is its place in the paragraph
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                {line}
              </Fragment>
            ))}
          </p>
        );
      })}
    </>
  );
}
