import { canAct, hasAnyScope, scopeOf, type Actor } from "../auth/access";

/**
 * Who may do what with a bank and its questions (pure).
 * - Official banks (no county) come from content/: county admins read them, nobody edits them here.
 * - A county bank: its county admins manage everything; its lecturers propose questions and see
 *   only their own (a bank's active questions are exam material).
 */
export interface BankRights {
  read: boolean;
  manage: boolean;
  propose: boolean;
  /** sees every question of the bank, not only their own */
  seesAll: boolean;
}

export function bankRights(actor: Pick<Actor, "grants" | "userId">, bank: { countyId: number | null }): BankRights {
  if (bank.countyId == null) {
    const reader = hasAnyScope(scopeOf(actor, "manage:question"));
    return { read: reader, manage: false, propose: false, seesAll: reader };
  }
  const manage = canAct(actor, "manage:question", { countyId: bank.countyId });
  const propose = canAct(actor, "propose:question", { countyId: bank.countyId });
  return { read: manage || propose, manage, propose, seesAll: manage };
}

export type QuestionStatus = "draft" | "submitted" | "active" | "retired";

export interface QuestionRights {
  read: boolean;
  edit: boolean;
  submit: boolean;
  review: boolean;
  changeStatus: boolean;
}

export function questionRights(
  actor: Pick<Actor, "grants" | "userId">,
  bank: { countyId: number | null },
  question: { status: QuestionStatus; authorId: number | null },
): QuestionRights {
  const rights = bankRights(actor, bank);
  const own = question.authorId === actor.userId;
  const read = rights.seesAll || (rights.propose && own);
  return {
    read,
    edit: (rights.manage && question.status !== "retired") || (rights.propose && own && question.status === "draft"),
    submit: rights.propose && own && question.status === "draft",
    review: rights.manage && question.status === "submitted",
    changeStatus: rights.manage,
  };
}

/** The statuses an administrator may set directly (approval of a proposal goes through review). */
export function canSetStatus(from: QuestionStatus, to: QuestionStatus): boolean {
  if (from === to) return false;
  if (to === "active") return from === "draft" || from === "retired" || from === "submitted";
  if (to === "retired") return from === "active";
  if (to === "draft") return from === "submitted";
  return false;
}
