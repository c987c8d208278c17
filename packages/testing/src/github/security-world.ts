/** The fake GitHub's state for Code scanning, secret scanning and Dependabot alerts, per repository. */
export class SecurityWorld {}
