// Bottleneck's light build (no Redis clustering), which Octokit's throttling plugin uses
// too; the package types only its full entry, whose API the light one shares.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
