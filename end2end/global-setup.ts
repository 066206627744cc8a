// cargo-leptos starts the server and the tests at the same moment: wait until
// the server answers before any test runs.
export default async function globalSetup(): Promise<void> {
  const url = process.env.FRAMDRIFT_E2E_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 120_000;
  let lastError = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/v1/projects`);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server at ${url} did not answer within 120 s: ${lastError}`);
}
