import type { Widen } from "./zh-CN";
import type zh from "./media.zh-CN";

/** Media uploads: English. */
const media: Widen<typeof zh> = {
  choose: "Choose a file",
  uploading: "Uploading {{percent}}%",
  paused: "Paused at {{percent}}%",
  pause: "Pause",
  resume: "Resume",
  retry: "Retry",
  remove: "Remove",
  checking: "Uploaded, checking the file…",
  done: "Uploaded: {{name}}",
  resumed: "Resumed where the last upload stopped.",
  offline: "Connection lost; the upload continues when it is back.",
  failed: "The upload failed, please try again.",
  kinds: { video: "Video", audio: "Audio", image: "Image" },
  hint: {
    video: "MP4 (H.264 + AAC), at most 500 MB, 2 hours, 1080p",
    audio: "MP3 or M4A (AAC), at most 500 MB, 2 hours",
    image: "JPEG, PNG or WebP",
    av: "video: MP4 (H.264 + AAC), or audio: MP3, M4A (AAC); at most 500 MB, 2 hours",
  },
  refused: {
    type: "The file is not an accepted video, audio or image (judged by its content, not its name).",
    kind: "The file is not of the kind asked for; choose the right video, audio or image file.",
    unreadable: "The file is damaged or cannot be read; export it again and upload it.",
    codec: "This encoding is not supported yet: videos as MP4 (8-bit H.264 + AAC), audio as MP3 or M4A (AAC).",
    tooLong: "Longer than 2 hours; shorten it and upload again.",
    tooLarge: "Larger than 500 MB; compress it and upload again.",
    dimensions: "Picture too large: videos up to 1920×1080, images up to 8000 pixels.",
    forbidden: "You may not upload media files.",
  },
  demoTitle: "Media upload test",
};
export default media;
