/**
 * The one tool both echo baselines serve, described once so the bare SDK server and the
 * core server advertise byte-for-byte the same contract: same input and output schemas,
 * same annotations, same reply (a text block plus the structured record). Any latency
 * difference between them is then the serving chain, not the tool.
 */
export function echoTool(z) {
  return {
    name: 'echo',
    title: 'Echo',
    description: 'Returns the message it is given.',
    input: z.strictObject({ message: z.string().max(1000) }),
    output: z.object({ echoed: z.string() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
}
