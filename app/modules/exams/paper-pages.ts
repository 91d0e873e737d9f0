/**
 * The exam page before (or without) JavaScript shows the paper a page of questions at a time
 * (issue 14): ten forms render and travel in a fraction of the time of a hundred, on the server at
 * the start of a sitting and on a weak phone network. Page numbers come from the address (?page=);
 * anything that is not one of the paper's pages shows the nearest one.
 */
export const STATIC_PAGE_SIZE = 10;

export interface PaperPage {
  /** 1-based */
  page: number;
  pages: number;
  /** slot indexes [from, to) of this page, 0-based */
  from: number;
  to: number;
}

export function paperPage(total: number, requested: string | null | undefined, size = STATIC_PAGE_SIZE): PaperPage {
  const pages = Math.max(1, Math.ceil(total / size));
  const asked = requested && /^\d{1,6}$/.test(requested) ? Number(requested) : 1;
  const page = Math.min(pages, Math.max(1, asked));
  return { page, pages, from: (page - 1) * size, to: Math.min(total, page * size) };
}
