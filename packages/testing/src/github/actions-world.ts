/** The fake GitHub's state for GitHub Actions: workflows, their runs, jobs and logs, per repository. */
export class ActionsWorld {}
