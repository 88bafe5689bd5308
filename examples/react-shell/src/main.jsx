import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { defineElement } from "@console/appkeys";
import "@console/appkeys/appkeys.css";
import App from "./App.jsx";
import "./shell.css";

// Registers <appkeys-page>; importing the package alone registers nothing.
defineElement();

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
