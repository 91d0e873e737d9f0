/**
 * `true` when A and B are the same type (each assignable to the other), else `false`: a zod schema
 * on the server is pinned to its wire contract with `const _: Same<z.infer<typeof s>, Contract> = true`,
 * so the two cannot drift apart without a type error.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
