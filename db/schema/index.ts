export * from "./org-tree";
export * from "./accounts";
export * from "./navigators";
export * from "./audit";
export * from "./question-bank";
export * from "./learning";
export * from "./exams";
