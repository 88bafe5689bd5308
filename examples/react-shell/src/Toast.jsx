import { createContext, useCallback, useContext, useEffect, useState } from "react";

const ToastContext = createContext(() => {});

/** `useToast()(text)` shows `text` for a few seconds in a polite live region. */
export function useToast() {
  return useContext(ToastContext);
}

export function ToastProvider({ children }) {
  const [toast, setToast] = useState(null);
  const show = useCallback((text) => setToast({ text, at: Date.now() }), []);

  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      {/* Always in the document, so that screen readers hear what appears in it. */}
      <div className="shell-toast" role="status" aria-label="Notifications">
        {toast?.text}
      </div>
    </ToastContext.Provider>
  );
}
