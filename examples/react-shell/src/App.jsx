import { Route, Routes } from "react-router-dom";
import ApplicationKeys from "./ApplicationKeys.jsx";
import Layout from "./Layout.jsx";
import SignIn from "./SignIn.jsx";
import { ToastProvider } from "./Toast.jsx";

export const KEYS_PATH = "/security/application-keys";

export default function App() {
  return (
    <ToastProvider>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route element={<Layout />}>
          <Route index element={<Overview />} />
          <Route path={`${KEYS_PATH}/*`} element={<ApplicationKeys />} />
          <Route path="*" element={<h1>Page not found</h1>} />
        </Route>
      </Routes>
    </ToastProvider>
  );
}

function Overview() {
  return (
    <>
      <h1>Overview</h1>
      <p>The console's own page. Navigation, sign-in and notifications are the shell's.</p>
    </>
  );
}
