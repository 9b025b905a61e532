#!/usr/bin/python3
"""Simulated RTSP cameras: serves MP4 files over RTSP without re-encoding.

Each --mount PATH=FILE is one camera. Every client connection gets its own pipeline (non-shared
media), so each viewer sees the file from its start, the way a test expects a fresh camera to
behave. The encoded video of the file is repacketised as it is (H.264 with h264parse/rtph264pay,
H.265 with h265parse/rtph265pay, MPEG-4 Part 2 with mpeg4videoparse/rtpmp4vpay); audio tracks are
ignored. Parameter sets are repeated before every key frame, as real cameras do, so a client that
joins mid-stream can decode.

Usage:
  /usr/bin/python3 scripts/rtsp-camera.py --port 8554 --mount /highway=video.mp4 [--mount ...]
      [--auth USER:PASSWORD] [--onvif PORT [--onvif-user U --onvif-password P] [--onvif-auth wsse|http-digest]
      [--onvif-clock-offset SECONDS] [--onvif-name NAME] [--onvif-location TEXT] [--onvif-discovery]]

  --auth   require HTTP Basic authentication with these credentials on every mount.
  --onvif  also be an ONVIF Profile S device on this HTTP port (0 = any free port): device and media
           services whose profiles are the mounts (see scripts/onvif_device.py for the details); prints
           "ONVIF http://127.0.0.1:PORT/onvif/device_service" before the READY line.
  --onvif-discovery  answer WS-Discovery probes (UDP multicast 3702): only inside a private network
           namespace in tests.

When a file ends, its RTSP session ends (the client sees end of stream). A client that reconnects,
as CityWatch's camera worker does by itself, gets a new session that plays the file from the start
again: replaying "forever" is reconnecting. There is no seamless loop option: a GStreamer segment
loop behind an RTSP media was tried and stalled the stream, and a flushing seek would send RTP
timestamps backwards, which clients handle badly.

Prints exactly one line "READY rtsp://127.0.0.1:PORT" on stdout once it listens; exits with
status 0 on SIGTERM or SIGINT, and with status 2 (message on stderr) on bad arguments or when
the port cannot be bound.

Runs with the system Python (/usr/bin/python3) which has the GStreamer bindings (python3-gi,
gir1.2-gst-rtsp-server-1.0).
"""
import argparse
import os
import signal
import sys

import gi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onvif_device  # noqa: E402  (sibling module: the simulated ONVIF device)

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

# caps name of the file's video track -> (parser, payloader)
PAYLOADERS = {
    "video/x-h264": ("h264parse", "rtph264pay config-interval=-1"),
    "video/x-h265": ("h265parse", "rtph265pay config-interval=-1"),
    "video/mpeg": ("mpeg4videoparse", "rtpmp4vpay config-interval=-1"),
}


def fail(message):
    print("rtsp-camera: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def video_caps(path):
    """(caps name, width, height) of the file's first video track, read by the demuxer alone (no decoder)."""
    pipeline = Gst.parse_launch('filesrc name=src ! qtdemux name=demux')
    pipeline.get_by_name("src").set_property("location", path)
    found = []

    def on_pad(_demux, pad):
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0)
        name = structure.get_name()
        if name.startswith("video/") and not found:
            width = structure.get_int("width")
            height = structure.get_int("height")
            found.append((name, width[1] if width[0] else 0, height[1] if height[0] else 0))
        # a fakesink per pad lets the pipeline preroll so that every track is announced
        sink = Gst.ElementFactory.make("fakesink")
        pipeline.add(sink)
        sink.sync_state_with_parent()
        pad.link(sink.get_static_pad("sink"))

    pipeline.get_by_name("demux").connect("pad-added", on_pad)
    pipeline.set_state(Gst.State.PAUSED)
    msg = pipeline.get_bus().timed_pop_filtered(10 * Gst.SECOND, Gst.MessageType.ASYNC_DONE | Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    if msg is None or msg.type == Gst.MessageType.ERROR:
        detail = msg.parse_error()[0].message if msg is not None else "timed out"
        fail("cannot read '%s' as MP4: %s" % (path, detail))
    if not found:
        fail("'%s' has no video track" % path)
    return found[0]


def launch_line(path):
    name = video_caps(path)[0]
    if name not in PAYLOADERS:
        fail("'%s': video codec %s is not supported (H.264, H.265, MPEG-4 Part 2 are)" % (path, name))
    parser, payloader = PAYLOADERS[name]
    location = path.replace("\\", "\\\\").replace('"', '\\"')
    return '( filesrc location="%s" ! qtdemux name=demux demux.video_0 ! queue name=q ! %s ! %s name=pay0 pt=96 )' % (
        location, parser, payloader)


def main():
    parser = argparse.ArgumentParser(description="Serve MP4 files as RTSP cameras, without re-encoding.")
    parser.add_argument("--port", type=int, default=8554, help="TCP port to listen on (127.0.0.1)")
    parser.add_argument("--mount", action="append", required=True, metavar="PATH=FILE",
                        help="mount point and MP4 file, e.g. /highway=video.mp4; repeatable")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require Basic authentication")
    parser.add_argument("--onvif", type=int, metavar="PORT", help="also serve ONVIF device+media services here")
    parser.add_argument("--onvif-user", help="ONVIF user name (no authentication without it)")
    parser.add_argument("--onvif-password", default="", help="ONVIF password")
    parser.add_argument("--onvif-auth", choices=["wsse", "http-digest"], default="wsse",
                        help="WS-Security UsernameToken digest (default) or HTTP Digest")
    parser.add_argument("--onvif-clock-offset", type=int, default=0, metavar="SECONDS",
                        help="device clock minus real time")
    parser.add_argument("--onvif-name", default="SimCam", help="device name (scope and host name)")
    parser.add_argument("--onvif-location", default="CityWatch lab", help="location scope")
    parser.add_argument("--onvif-discovery", action="store_true", help="answer WS-Discovery probes")
    parser.add_argument("--onvif-discovery-port", type=int, metavar="PORT",
                        help="answer directed WS-Discovery probes on 127.0.0.1:PORT (no multicast)")
    args = parser.parse_args()
    if args.onvif is not None and not 0 <= args.onvif < 65536:
        fail("--onvif must be 0..65535, got %d" % args.onvif)

    if not 0 < args.port < 65536:
        fail("--port must be 1..65535, got %d" % args.port)
    Gst.init(None)

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    role = None
    if args.auth:
        if ":" not in args.auth:
            fail("--auth must be USER:PASSWORD")
        user, password = args.auth.split(":", 1)
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken.new()
        # set_string, not writable_structure().set_value(): the binding hands out a copy of the structure
        token.set_string("media.factory.role", "camera-user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        server.set_auth(auth)
        role = Gst.Structure.new_from_string(
            "camera-user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")

    mounts = server.get_mount_points()
    profiles = []
    for spec in args.mount:
        if "=" not in spec:
            fail("--mount must be PATH=FILE, got '%s'" % spec)
        path, file = spec.split("=", 1)
        if not path.startswith("/"):
            fail("mount path must start with '/', got '%s'" % path)
        if not os.path.isfile(file):
            fail("mount %s: file '%s' does not exist" % (path, file))
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(os.path.abspath(file)))
        if args.onvif is not None:
            name, width, height = video_caps(os.path.abspath(file))
            encoding = {"video/x-h264": "H264", "video/x-h265": "H265"}.get(name, "MPEG4")
            profiles.append(onvif_device.Profile(len(profiles), path, os.path.abspath(file), width, height, encoding))
        factory.set_shared(False)
        if role is not None:
            factory.add_role_from_structure(role)
        mounts.add_factory(path, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        fail("cannot listen on 127.0.0.1:%d (port in use?)" % args.port)

    def stop(*_):
        loop.quit()
        return GLib.SOURCE_REMOVE

    if args.onvif is not None:
        # ONVIF lists the main stream first: the biggest picture
        profiles.sort(key=lambda p: -p.width * p.height)
        for i, p in enumerate(profiles):
            p.token = "profile_%d" % i
        device = onvif_device.Device(args.onvif_name, args.onvif_location, "rtsp://127.0.0.1:%d" % args.port,
                                     profiles, args.onvif_user, args.onvif_password, args.onvif_auth,
                                     args.onvif_clock_offset)
        try:
            onvif_device.start_http(device, args.onvif)
            if args.onvif_discovery:
                onvif_device.start_discovery(device)
            if args.onvif_discovery_port is not None:
                onvif_device.start_discovery(device, args.onvif_discovery_port)
        except OSError as e:
            fail("cannot start the ONVIF device on 127.0.0.1:%d: %s" % (args.onvif, e))
        print("ONVIF " + device.service_url(), flush=True)

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)
    print("READY rtsp://127.0.0.1:%d" % args.port, flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
