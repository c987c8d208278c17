/** The fake GitHub's state for Organization teams and their members. */
export class TeamsWorld {}
