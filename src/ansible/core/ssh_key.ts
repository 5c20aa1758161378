/**
 * The job's `ssh_key` for Ansible: loaded into a job-scoped ssh-agent
 * (`src/worker/ssh_agent.ts`), which Ansible's ssh reaches through
 * `SSH_AUTH_SOCK`, so the key is in no file, argv or environment.
 * ansible-runner instead wraps the command in `ssh-agent sh -c 'ssh-add …'`
 * and fails the job when ssh-add fails; so does this, before Ansible
 * starts. A passphrase is answered from the job's `passwords` with the
 * prompt ansible-runner's ssh-add prints (`Enter passphrase for <artifact
 * dir>/ssh_key_data:`).
 *
 * @module
 */
import { join } from "node:path";
import type { ProcessRegistry } from "../../engine/process_registry.ts";
import { AskpassBroker, AskpassError } from "../../engine/connection/askpass.ts";
import { JobSshAgent, SshAgentError } from "../../worker/ssh_agent.ts";
import { PromptAnswers } from "../../worker/prompt_answers.ts";
import { isEncryptedKey } from "../../worker/private_key.ts";

/** ssh-add asks for a passphrase at most this often. */
const PASSPHRASE_PROMPTS = 3;

const SSH_ADD = "/usr/bin/ssh-add";

/**
 * The key could not be loaded (the message names the cause, never the key
 * or a passphrase).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobKeyError } from "./ssh_key.ts";
 *
 * assert.equal(new JobKeyError("bad passphrase").name, "JobKeyError");
 * ```
 */
export class JobKeyError extends Error {
  /** The error name. */
  override name = "JobKeyError";
  /** The passphrase prompts ssh-add printed before it failed (as ansible-runner's shows them). */
  readonly prompts: readonly string[];

  /** The cause, and the prompts printed. */
  constructor(message: string, prompts: readonly string[] = []) {
    super(message);
    this.prompts = prompts;
  }
}

/**
 * What loading the key needs.
 *
 * @example
 * ```ts
 * import type { JobKeyOptions } from "./ssh_key.ts";
 * import { ProcessRegistry } from "../../engine/process_registry.ts";
 *
 * const options: JobKeyOptions = {
 *   key: "-----BEGIN OPENSSH PRIVATE KEY-----\n…",
 *   passwords: {},
 *   privateDataDir: "/runner",
 *   artifactDir: "/runner/artifacts/42",
 *   tempDir: "/tmp",
 *   registry: new ProcessRegistry(),
 * };
 * ```
 */
export interface JobKeyOptions {
  /** The private key text (secret). */
  readonly key: string;
  /** The job's passwords (prompt regex → answer; secret). */
  readonly passwords: Readonly<Record<string, string>>;
  /** The pdd (the agent's socket and the askpass FIFOs go there). */
  readonly privateDataDir: string;
  /** The artifact dir (named in the passphrase prompt, as ansible-runner names it). */
  readonly artifactDir: string;
  /** The temp dir for the socket when the pdd path is too long. */
  readonly tempDir: string;
  /** Registers the agent and ssh-add. */
  readonly registry: ProcessRegistry;
  /** Stops the start. */
  readonly signal?: AbortSignal;
}

/**
 * The agent holding the job's key, and the lines ansible-runner's `ssh-add`
 * prints on Ansible's terminal: each passphrase prompt it answered, then
 * `Identity added: <artifact dir>/ssh_key_data (<comment>)`.
 *
 * @example
 * ```ts
 * import type { JobKey } from "./ssh_key.ts";
 *
 * const socketOf = (key: JobKey) => key.agent.socket;
 * ```
 */
export interface JobKey {
  /** The agent (stop it when the job ends). */
  readonly agent: JobSshAgent;
  /** What ansible-runner's `ssh-add` prints (without the identity line when the agent cannot say). */
  readonly lines: readonly string[];
}

/**
 * Starts an agent holding the key. Throws {@linkcode JobKeyError} when the
 * key cannot be loaded (nothing is left running then).
 *
 * @example
 * ```ts
 * import { loadJobKey, type JobKeyOptions } from "./ssh_key.ts";
 *
 * const withKey = async (options: JobKeyOptions) => {
 *   const { agent } = await loadJobKey(options);
 *   try {
 *     // run Ansible with SSH_AUTH_SOCK=agent.socket
 *   } finally {
 *     await agent.stop();
 *   }
 * };
 * ```
 */
export async function loadJobKey(options: JobKeyOptions): Promise<JobKey> {
  const agent = await JobSshAgent.start({
    privateDataDir: options.privateDataDir,
    tempDir: options.tempDir,
    registry: options.registry,
    signal: options.signal,
  }).catch((error: unknown) => {
    throw error instanceof SshAgentError ? new JobKeyError(error.message) : error;
  });
  let broker: AskpassBroker | undefined;
  try {
    const keyPath = join(options.artifactDir, "ssh_key_data");
    if (!isEncryptedKey(options.key)) {
      await agent.addKey(options.key, options.signal);
      return { agent, lines: await identityAdded(agent.socket, keyPath) };
    }
    broker = await AskpassBroker.start(
      join(options.privateDataDir, `.tachyon-askpass-${crypto.randomUUID()}`),
    );
    const answers = new PromptAnswers(options.passwords);
    let asked = 0;
    const session = broker.session((prompt) =>
      ++asked > PASSPHRASE_PROMPTS ? undefined : answers.answer(prompt.replace("(stdin)", keyPath))
    );
    try {
      await agent.addKey(options.key, options.signal, session.env);
    } catch (error) {
      const prompts = session.asked.map((prompt) => prompt.replace("(stdin)", keyPath));
      if (prompts.length > 0 && session.unanswered[0] === session.asked[0]) {
        throw new JobKeyError(
          `the job's ssh_key could not be unlocked: the passphrase prompt ${
            JSON.stringify(prompts[0])
          } has no answer in the job's passwords`,
          prompts,
        );
      }
      if (error instanceof SshAgentError || error instanceof AskpassError) {
        throw new JobKeyError(error.message, prompts);
      }
      throw error;
    } finally {
      session.close();
    }
    const prompts = session.asked.map((prompt) => prompt.replace("(stdin)", keyPath));
    return { agent, lines: [...prompts, ...await identityAdded(agent.socket, keyPath)] };
  } catch (error) {
    await agent.stop();
    if (error instanceof SshAgentError || error instanceof AskpassError) {
      throw new JobKeyError(error.message);
    }
    throw error;
  } finally {
    await broker?.close();
  }
}

/**
 * ssh-add's line for the key the agent holds: its comment as `ssh-add -l`
 * lists it, or (a key without one, read from stdin) the key's path, as
 * ssh-add names a key file without a comment.
 */
async function identityAdded(socket: string, keyPath: string): Promise<string[]> {
  try {
    const listed = await new Deno.Command(SSH_ADD, {
      args: ["-l"],
      env: { SSH_AUTH_SOCK: socket },
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const line = new TextDecoder().decode(listed.stdout).split("\n")[0];
    const comment = /^\d+ \S+ (.*) \([^)]*\)$/.exec(line)?.[1];
    if (!listed.success || comment === undefined) return [];
    return [`Identity added: ${keyPath} (${comment === "(stdin)" ? keyPath : comment})`];
  } catch {
    return [];
  }
}
