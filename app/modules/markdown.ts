import MarkdownIt from "markdown-it";

/**
 * Markdown for question stems and options, rendered the same in the author's preview and on the
 * candidate's page. Raw HTML is disabled (markdown-it escapes it) and markdown-it refuses
 * javascript:/vbscript:/data: links, so the output is safe to insert without a separate sanitiser
 * (markdown.test.ts proves the usual attacks come out inert). The strict CSP is a second fence.
 */
const md = new MarkdownIt({ html: false, linkify: false, breaks: true, typographer: false });

// Links (e.g. to an audio file, kept from an imported [html] stem) carry rel="noopener noreferrer":
// the page that opens cannot reach back, and the exam's address is not sent to another site.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx].attrSet("rel", "noopener noreferrer");
  return self.renderToken(tokens, idx, options);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}

export function renderInlineMarkdown(text: string): string {
  return md.renderInline(text);
}
