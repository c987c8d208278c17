import { extname } from 'node:path';

/** How a media file travels in a tool result: an image or audio block, or an embedded resource. */
export type MediaKind = 'image' | 'audio' | 'resource';

const BY_EXTENSION: Readonly<Record<string, string>> = {
  // Images
  png: 'image/png',
  apng: 'image/apng',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  cur: 'image/x-icon',
  avif: 'image/avif',
  heic: 'image/heic',
  heif: 'image/heif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  // Audio
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/opus',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  weba: 'audio/webm',
  mid: 'audio/midi',
  midi: 'audio/midi',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  amr: 'audio/amr',
  // Everything else travels as an embedded resource; these only make its type precise.
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  ogv: 'video/ogg',
  avi: 'video/x-msvideo',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  jar: 'application/java-archive',
  epub: 'application/epub+zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  wasm: 'application/wasm',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
};

/** Bytes `sniffMediaType` looks at; enough for every signature below. */
export const SNIFF_LENGTH = 1024;

interface Sniffed {
  mimeType: string;
  /**
   * Types the signature cannot tell apart from this one (a ZIP might be a .docx, an MP4
   * container an .m4a): when the extension names one of them, the extension wins.
   */
  alike?: readonly string[];
}

const ZIP_BASED = [
  'application/java-archive',
  'application/epub+zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
];
const ISO_MEDIA = ['video/mp4', 'audio/mp4', 'video/quicktime', 'audio/aac'];
const MATROSKA = ['video/webm', 'audio/webm', 'video/x-matroska'];
const OGG = ['audio/ogg', 'audio/opus', 'video/ogg'];
const DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, index) => bytes[at + index] === byte);
}

/** The ISO base media (MP4) family, told apart by the `ftyp` box's major brand. */
function isoMediaType(bytes: Uint8Array): Sniffed {
  const brand = ascii(bytes, 8, 12);
  if (brand === 'avif' || brand === 'avis') return { mimeType: 'image/avif' };
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return { mimeType: 'image/heic', alike: ['image/heif'] };
  if (brand === 'M4A ' || brand === 'M4B ' || brand === 'M4P ') return { mimeType: 'audio/mp4', alike: ['audio/aac'] };
  if (brand === 'qt  ') return { mimeType: 'video/quicktime', alike: ISO_MEDIA };
  return { mimeType: 'video/mp4', alike: ISO_MEDIA };
}

function isSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, SNIFF_LENGTH)).toString('utf8').trimStart();
  return (head.startsWith('<svg') || head.startsWith('<?xml') || head.startsWith('<!--')) && /<svg[\s>]/.test(head);
}

/**
 * The type the first bytes prove, for the common formats. Weak signatures (BMP's "BM",
 * ICO's four bytes, MP3 frame sync) are checked further so a text file is not taken for one.
 */
export function sniffMediaType(bytes: Uint8Array): Sniffed | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mimeType: 'image/png', alike: ['image/apng'] };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg' };
  const four = ascii(bytes, 0, 4);
  if (four === 'GIF8' && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return { mimeType: 'image/gif' };
  if (four === 'RIFF') {
    const form = ascii(bytes, 8, 12);
    if (form === 'WEBP') return { mimeType: 'image/webp' };
    if (form === 'WAVE') return { mimeType: 'audio/wav' };
    if (form === 'AVI ') return { mimeType: 'video/x-msvideo' };
  }
  if (four === 'II*\0' || four === 'MM\0*') return { mimeType: 'image/tiff' };
  if (ascii(bytes, 4, 8) === 'ftyp') return isoMediaType(bytes);
  if (four === '%PDF') return { mimeType: 'application/pdf' };
  if (four === 'OggS') return { mimeType: 'audio/ogg', alike: OGG };
  if (four === 'fLaC') return { mimeType: 'audio/flac' };
  if (four === 'MThd') return { mimeType: 'audio/midi' };
  if (four === 'FORM' && /^AIF[FC]$/.test(ascii(bytes, 8, 12))) return { mimeType: 'audio/aiff' };
  if (ascii(bytes, 0, 5) === '#!AMR') return { mimeType: 'audio/amr' };
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return { mimeType: 'video/webm', alike: MATROSKA };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { mimeType: 'application/zip', alike: ZIP_BASED };
  if (startsWith(bytes, [0x1f, 0x8b])) return { mimeType: 'application/gzip' };
  if (startsWith(bytes, [0x00, 0x61, 0x73, 0x6d])) return { mimeType: 'application/wasm' };
  if (four === 'wOFF') return { mimeType: 'font/woff' };
  if (four === 'wOF2') return { mimeType: 'font/woff2' };
  if (ascii(bytes, 0, 3) === 'ID3') return { mimeType: 'audio/mpeg' };
  if (bytes.length >= 18 && four.startsWith('BM') && DIB_HEADER_SIZES.has(Buffer.from(bytes).readUInt32LE(14))) {
    return { mimeType: 'image/bmp' };
  }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && (bytes[4] ?? 0) > 0 && bytes[5] === 0) {
    return { mimeType: 'image/x-icon' };
  }
  const second = bytes[1] ?? 0;
  if (bytes[0] === 0xff && (second & 0xf6) === 0xf0) return { mimeType: 'audio/aac' };
  // MPEG audio frame sync with a valid layer (layer bits 00 are reserved).
  if (bytes[0] === 0xff && (second & 0xe0) === 0xe0 && (second & 0x06) !== 0) return { mimeType: 'audio/mpeg' };
  // A file named as text or markup that happens to hold SVG stays what its name says.
  if (isSvg(bytes)) return { mimeType: 'image/svg+xml', alike: ['application/xml', 'text/html', 'text/plain', 'text/markdown'] };
  return undefined;
}

/** The type a file name suggests, if its extension is a known one. */
export function mediaTypeForName(name: string): string | undefined {
  return BY_EXTENSION[extname(name).slice(1).toLowerCase()];
}

/**
 * A file's MIME type: what its first bytes prove where they prove something (so a PNG
 * named .jpg is a PNG), else what its extension says, else application/octet-stream.
 */
export function detectMediaType(name: string, firstBytes: Uint8Array): string {
  const byName = mediaTypeForName(name);
  const sniffed = sniffMediaType(firstBytes);
  if (!sniffed) return byName ?? 'application/octet-stream';
  if (byName !== undefined && sniffed.alike?.includes(byName)) return byName;
  return sniffed.mimeType;
}

/** Which content block carries a file of this type. */
export function mediaKindOf(mimeType: string): MediaKind {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'resource';
}
