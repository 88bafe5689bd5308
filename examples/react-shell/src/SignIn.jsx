import { useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { KEYS_PATH } from "./App.jsx";
import { signIn } from "./session.js";

/** The console's sign-in route; back to where the person was (or the keys) afterwards. */
export default function SignIn() {
  const navigate = useNavigate();
  const { state } = useLocation();
  const [error, setError] = useState("");

  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (await signIn(form.get("username"), form.get("password"))) {
      navigate(state?.from ?? KEYS_PATH, { replace: true });
    } else {
      setError("Wrong username or password.");
    }
  };

  return (
    <main className="shell-sign-in">
      <form onSubmit={submit}>
        <h1>Sign in to Orbit</h1>
        <label>
          Username <input name="username" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
        <p role="alert">{error}</p>
      </form>
    </main>
  );
}
