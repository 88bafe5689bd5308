// The console's session with the reference server: a cookie that POST /session sets.
// Requests that change state send X-Requested-With (the server's CSRF rule for cookies).
export const API = "/api/1.0";

/** The signed-in username, or null. */
export async function currentUser() {
  const response = await fetch(`${API}/session`, { headers: { "X-Requested-With": "react-shell" } });
  return response.ok ? (await response.json()).data.username : null;
}

/** True when the server accepted the username and password. */
export async function signIn(username, password) {
  const response = await fetch(`${API}/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return response.ok;
}

export async function signOut() {
  await fetch(`${API}/session`, { method: "DELETE", headers: { "X-Requested-With": "react-shell" } });
}
