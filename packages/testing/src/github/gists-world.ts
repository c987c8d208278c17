/** The fake GitHub's state for Gists, their files and revisions. */
export class GistsWorld {}
