/** 媒体上传 (app/modules/media): the Chinese source. */
const media = {
  choose: "选择文件",
  uploading: "正在上传 {{percent}}%",
  paused: "已暂停 {{percent}}%",
  pause: "暂停",
  resume: "继续",
  retry: "重试",
  remove: "移除",
  checking: "上传完成，正在检查文件……",
  done: "已上传：{{name}}",
  resumed: "已从上次中断处继续上传。",
  offline: "网络中断，恢复后将自动继续。",
  failed: "上传失败，请重试。",
  kinds: { video: "视频", audio: "音频", image: "图片" },
  hint: {
    video: "MP4（H.264 + AAC），不超过 500 MB、2 小时、1080p",
    audio: "MP3 或 M4A（AAC），不超过 500 MB、2 小时",
    image: "JPEG、PNG 或 WebP",
    av: "视频：MP4（H.264 + AAC），或音频：MP3、M4A（AAC）；不超过 500 MB、2 小时",
  },
  refused: {
    type: "文件内容不是可接受的视频、音频或图片（仅按文件内容判断，不看扩展名）。",
    kind: "文件类型与所需不符，请选择正确的视频、音频或图片文件。",
    unreadable: "文件已损坏或无法读取，请重新导出后上传。",
    codec: "暂不支持该编码格式：视频请使用 MP4（H.264 8 位 + AAC），音频请使用 MP3 或 M4A（AAC）。",
    tooLong: "时长超过 2 小时，请剪短后上传。",
    tooLarge: "文件超过 500 MB，请压缩后上传。",
    dimensions: "画面尺寸过大：视频不超过 1920×1080，图片不超过 8000 像素。",
    forbidden: "您没有上传媒体文件的权限。",
  },
  demoTitle: "媒体上传测试",
};
export default media;
