import { createContext, useContext } from "react";

/** The CSP nonce of the current response (server only; the browser hides it after parsing). */
export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
