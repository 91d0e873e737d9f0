/** Question statuses (no imports: safe in the browser). */
export const QUESTION_STATUSES_LIST = ["draft", "submitted", "active", "retired"] as const;
