import { useEffect, useState } from "react";
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { KEYS_PATH } from "./App.jsx";
import { currentUser, signOut } from "./session.js";

/** The console frame: top bar, left navigation, the route's page. Signed in only. */
export default function Layout() {
  const location = useLocation();
  const navigate = useNavigate();
  const [user, setUser] = useState(undefined); // undefined while asking the server

  useEffect(() => {
    let current = true;
    currentUser().then((name) => current && setUser(name));
    return () => {
      current = false;
    };
  }, []);

  if (user === undefined) return <p className="shell-wait" role="status">Loading…</p>;
  if (user === null) return <Navigate to="/sign-in" state={{ from: location.pathname }} replace />;

  const leave = async () => {
    await signOut();
    navigate("/sign-in");
  };
  return (
    <div className="shell">
      <header className="shell-bar">
        <Link to="/" className="shell-brand">Orbit console</Link>
        <span className="shell-user">
          Signed in as {user} <button type="button" onClick={leave}>Sign out</button>
        </span>
      </header>
      <div className="shell-body">
        <nav className="shell-nav" aria-label="Console">
          <ul>
            <li><NavLink to="/" end>Overview</NavLink></li>
            <li><NavLink to={KEYS_PATH}>Application keys</NavLink></li>
          </ul>
        </nav>
        <main className="shell-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
