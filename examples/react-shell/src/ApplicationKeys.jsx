import { useEffect, useRef } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { KEYS_PATH } from "./App.jsx";
import { API } from "./session.js";
import { useToast } from "./Toast.jsx";

/**
 * The Application keys route: the package's custom element. It mounts the page when React puts
 * it in the document and unmounts it when the route goes; its events bubble to the ref.
 */
export default function ApplicationKeys() {
  const ref = useRef(null);
  const toast = useToast();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  useEffect(() => {
    const element = ref.current;
    const name = (detail) => detail.description || detail.client_id;
    const created = (event) => toast(`Key “${name(event.detail)}” created`);
    const deleted = (event) => toast(`Key “${name(event.detail)}” deleted`);
    const unauthorized = () => navigate("/sign-in", { state: { from: pathname } });
    element.addEventListener("appkeys:created", created);
    element.addEventListener("appkeys:deleted", deleted);
    element.addEventListener("appkeys:unauthorized", unauthorized);
    return () => {
      element.removeEventListener("appkeys:created", created);
      element.removeEventListener("appkeys:deleted", deleted);
      element.removeEventListener("appkeys:unauthorized", unauthorized);
    };
  }, [toast, navigate, pathname]);

  // base-path: a key's page and the activity get addresses below the route (its `/*`), so that
  // links, Back and reload work; the page keeps them with the History API itself.
  return <appkeys-page ref={ref} api-base={API} base-path={KEYS_PATH} />;
}
