// The tixcfg extension starts `tixcfg lsp` for the portfolio folders of a
// workspace: folders that hold a `.tixcfg` marker file. It serves only the
// HCL files under them, so HashiCorp's HCL (or Terraform) extension keeps
// every other .hcl file of the workspace, and a workspace without a marker
// never starts the server at all.
import * as path from "path";
import * as vscode from "vscode";
import {
  DocumentFilter,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

/** The file whose folder is a portfolio root. */
export const MARKER = ".tixcfg";

let client: LanguageClient | undefined;

/** Folders holding a marker, sorted, nested ones dropped (their parent covers them). */
export function portfolioRoots(markers: string[]): string[] {
  const dirs = [...new Set(markers.map((m) => path.dirname(m)))].sort();
  return dirs.filter((d) => !dirs.some((o) => o !== d && d.startsWith(o + path.sep)));
}

async function findRoots(): Promise<string[]> {
  const uris = await vscode.workspace.findFiles(`**/${MARKER}`, "**/node_modules/**");
  return portfolioRoots(uris.filter((u) => u.scheme === "file").map((u) => u.fsPath));
}

/** A glob's literal text: the characters globs give a meaning escaped. */
function globLiteral(p: string): string {
  return p.replace(/\\/g, "/").replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}

export function selector(roots: string[]): DocumentFilter[] {
  // Patterns, not a language id: the files may be "hcl" (HashiCorp's
  // extension), "terraform" or plain text, and only these folders count.
  return roots.flatMap((r) => [
    { scheme: "file", pattern: `${globLiteral(r)}/**/*.hcl` },
    { scheme: "file", pattern: `${globLiteral(r)}/**/*.hcl.json` },
  ]);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const roots = await findRoots();
  if (roots.length === 0) {
    return;
  }
  const command = vscode.workspace.getConfiguration("tixcfg").get<string>("path") || "tixcfg";
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const watchers = roots.map((r) =>
    vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(r, "**/*.{hcl,hcl.json}")),
  );
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector(roots),
    // No initializationOptions.roots: the server applies roots to every
    // workspace folder, and finds these same markers in each by itself.
    synchronize: { fileEvents: watchers },
  };
  client = new LanguageClient("tixcfg", "tixcfg", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("tixcfg.restart", async () => {
      await stop();
      await start(context);
    }),
  );
  // A marker added or removed changes which folders are served.
  const markers = vscode.workspace.createFileSystemWatcher(`**/${MARKER}`);
  const restart = async () => {
    await stop();
    await start(context);
  };
  markers.onDidCreate(restart);
  markers.onDidDelete(restart);
  context.subscriptions.push(markers);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("tixcfg.path")) {
        await restart();
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}
