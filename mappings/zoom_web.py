"""Facts about Zoom's web Video SDK that the JS/TS rewrite writes into pages and manifests.

The CDN build and its global are documented in Zoom's "Get started" page for the web Video
SDK (https://developers.zoom.us/docs/video-sdk/web/get-started/): a script tag
``https://source.zoom.us/videosdk/zoom-video-<version>.min.js`` exposes the SDK as
``window.WebVideoSDK.default`` (the object ``import ZoomVideo from '@zoom/videosdk'`` gives).
The CDN serves exact versions only, so the version is pinned here, in one place.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict

#: The exact @zoom/videosdk version a rewritten CDN page loads (the 2.x line the generated
#: modules are written against).
ZOOM_VIDEOSDK_CDN_VERSION: Final = "2.5.0"
ZOOM_VIDEOSDK_CDN_URL: Final = (
    f"https://source.zoom.us/videosdk/zoom-video-{ZOOM_VIDEOSDK_CDN_VERSION}.min.js"
)
#: The expression that names the SDK on a page that loads the CDN build.
ZOOM_VIDEOSDK_GLOBAL: Final = "window.WebVideoSDK.default"
#: The page-level object that holds the CDN build's exports (``.default`` and,
#: in the npm package's UMD build ``dist/index.umd.js``, the named ones such as
#: ``VideoQuality``; that the CDN build exposes the named ones too is NOT confirmed).
ZOOM_VIDEOSDK_NAMESPACE: Final = "window.WebVideoSDK"
#: Stand-in for ``VideoQuality`` where the CDN global lacks it: the values of the enum in
#: @zoom/videosdk 2.x's typings (``dist/types/common.d.ts``); unconfirmed for the CDN build.
ZOOM_VIDEO_QUALITY_FALLBACK: Final = (
    "{ Video_90P: 0, Video_180P: 1, Video_360P: 2, Video_720P: 3, Video_1080P: 4 }"
)
#: The global object the classic-script build of the generated helpers assigns, and its file.
HELPERS_GLOBAL: Final = "window.zoomVideo"
HELPERS_GLOBAL_FILE: Final = "zoomVideo.global.js"
#: Hosts of the twilio-video CDN builds (current and legacy).
TWILIO_VIDEO_CDN_HOSTS: Final = ("sdk.twilio.com/js/video", "twiliocdn.com/sdk/js/video")


class PackageReplacement(BaseModel):
    """What replaces a twilio-video companion package that the rewrite removes."""

    model_config = ConfigDict(frozen=True)

    package: str
    zoom: str
    catalog_key: str = "js.video_addons"


#: Companion packages of twilio-video. They only work on twilio-video tracks, so they go
#: when their package is rewritten; the Zoom calls named here take their place (checked
#: against @zoom/videosdk's own typings, dist/types/media.d.ts).
COMPANION_PACKAGES: Final = (
    PackageReplacement(
        package="@twilio/video-processors",
        zoom="stream.updateVirtualBackgroundImage(imageUrl | 'blur') after "
        "stream.isSupportVirtualBackground(); or startVideo({ virtualBackground: { imageUrl } })",
    ),
    PackageReplacement(
        package="@twilio/video-room-monitor",
        zoom="no Zoom equivalent: stream.subscribeVideoStatisticData() and the client's "
        "'video-statistic-data-change' / 'network-quality-change' events give the numbers",
    ),
)


def companion(package: str) -> PackageReplacement | None:
    """The replacement of a companion package (its @types package included), if any."""
    name = package.removeprefix("@types/").replace("twilio__", "@twilio/", 1)
    return next((c for c in COMPANION_PACKAGES if c.package == name), None)
