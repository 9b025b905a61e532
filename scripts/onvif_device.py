"""A simulated ONVIF Profile S device for scripts/rtsp-camera.py (standard library only).

The device service and the media service answer on one HTTP port (any path: the operation is read from
the SOAP body, as a gSOAP device does):

  device: GetSystemDateAndTime, GetDeviceInformation, GetCapabilities, GetServices, GetHostname,
          GetNetworkInterfaces, GetScopes
  media:  GetProfiles, GetProfile, GetStreamUri, GetSnapshotUri, GetVideoSources,
          GetVideoEncoderConfiguration(s)

Every mount of the RTSP server is one media profile (token "profile_<n>", in --mount order), with the
resolution read from its file, so the biggest mount is the main stream and a smaller one is a sub-stream.
GetSnapshotUri points at /onvif/snapshot/<token>.jpg on the same port: a JPEG of the first frame of that
mount's file (made once with ffmpeg).

Authentication (when --onvif-user is given):
  wsse         (default) WS-Security UsernameToken with PasswordDigest = Base64(SHA1(nonce + created +
               password)); `created` must be within 5 minutes of the device clock. Operations the Core
               spec allows before authentication (GetSystemDateAndTime, GetCapabilities, GetServices,
               GetHostname) pass without a token; a wrong token is refused like any other.
  http-digest  HTTP Digest (RFC 7616, MD5, qop=auth) on every request, 401 with a challenge otherwise.
A refusal is HTTP 400 with a SOAP 1.2 fault env:Sender / ter:NotAuthorized (ONVIF Core 5.12).

--onvif-clock-offset SECONDS shifts the device clock, as on a camera whose clock was never set: a client
must read it with GetSystemDateAndTime and date its digests in device time.

WS-Discovery (--onvif-discovery): answers Probe messages on UDP 239.255.255.250:3702 with a ProbeMatch
naming this device's service address and scopes (name, location, hardware). Only ever enable it inside
a private network namespace in tests: the socket joins the multicast group on the default interface.
--onvif-discovery-port PORT answers directed (unicast) probes on 127.0.0.1:PORT instead, joining no group.
"""
import base64
import hashlib
import os
import secrets
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

NS = {
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "wsd": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "dn": "http://www.onvif.org/ver10/network/wsdl",
}
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
PRE_AUTH = {"GetSystemDateAndTime", "GetCapabilities", "GetServices", "GetHostname"}
CREATED_WINDOW = timedelta(minutes=5)
MANUFACTURER = "CityWatch"
MODEL = "SimCam-1"
FIRMWARE = "1.0.0"
HARDWARE = "SimCam-1-HW"


class Profile:
    def __init__(self, index, mount, file, width, height, encoding):
        self.token = "profile_%d" % index
        self.name = mount.strip("/").replace("/", "_") or "stream"
        self.mount = mount
        self.file = file
        self.width = width
        self.height = height
        self.encoding = encoding  # H264, H265 or MPEG4


class Device:
    def __init__(self, name, location, rtsp_base, profiles, user, password, auth_mode, clock_offset):
        self.name = name
        self.location = location
        self.rtsp_base = rtsp_base
        self.profiles = profiles
        self.user = user
        self.password = password
        self.auth_mode = auth_mode
        self.clock_offset = timedelta(seconds=clock_offset)
        self.serial = "SIM-" + uuid.uuid5(uuid.NAMESPACE_URL, rtsp_base).hex[:8].upper()
        self.endpoint = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "citywatch-sim:" + rtsp_base))
        self.http_base = None  # set once the HTTP port is bound
        self.digest_realm = "CityWatch-SimCam"
        self._snapshots = {}
        self._lock = threading.Lock()

    def now(self):
        return datetime.now(timezone.utc) + self.clock_offset

    def service_url(self):
        return self.http_base + "/onvif/device_service"

    def media_url(self):
        return self.http_base + "/onvif/media_service"

    def scopes(self):
        return ["onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming",
                "onvif://www.onvif.org/name/" + scope_value(self.name),
                "onvif://www.onvif.org/location/" + scope_value(self.location),
                "onvif://www.onvif.org/hardware/" + HARDWARE]

    def profile(self, token):
        for p in self.profiles:
            if p.token == token:
                return p
        return None

    def snapshot(self, token):
        """JPEG bytes of the first frame of the profile's file (made once), or None for an unknown token."""
        p = self.profile(token)
        if p is None:
            return None
        with self._lock:
            if token not in self._snapshots:
                out = os.path.join(tempfile.gettempdir(), "onvif-sim-%d-%s.jpg" % (os.getpid(), token))
                subprocess.run(["ffmpeg", "-y", "-v", "error", "-i", p.file, "-frames:v", "1", out], check=True,
                               timeout=60)
                with open(out, "rb") as f:
                    self._snapshots[token] = f.read()
                os.remove(out)
            return self._snapshots[token]


def scope_value(text):
    # scope segments are URI path segments: spaces and slashes would split them
    from urllib.parse import quote
    return quote(text or "", safe="")


class AuthError(Exception):
    pass


def check_username_token(device, header):
    """Verifies a WS-Security UsernameToken PasswordDigest; raises AuthError with the reason."""
    token = header.find("wsse:Security/wsse:UsernameToken", NS) if header is not None else None
    if token is None:
        raise AuthError("no UsernameToken")
    user = (token.findtext("wsse:Username", default="", namespaces=NS) or "").strip()
    password = token.find("wsse:Password", NS)
    nonce = (token.findtext("wsse:Nonce", default="", namespaces=NS) or "").strip()
    created = (token.findtext("wsu:Created", default="", namespaces=NS) or "").strip()
    if password is None or password.get("Type", PASSWORD_DIGEST) != PASSWORD_DIGEST:
        raise AuthError("only PasswordDigest is accepted")
    if user != device.user:
        raise AuthError("unknown user")
    try:
        raw_nonce = base64.b64decode(nonce, validate=True)
        stamp = datetime.strptime(created.replace("Z", "+0000").split(".")[0].replace("+0000", "") + "+0000",
                                  "%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, base64.binascii.Error):
        raise AuthError("malformed nonce or created")
    if abs(stamp - device.now()) > CREATED_WINDOW:
        raise AuthError("created %s is outside the device clock window" % created)
    expected = base64.b64encode(hashlib.sha1(raw_nonce + created.encode() + device.password.encode()).digest())
    if not secrets.compare_digest(expected.decode(), (password.text or "").strip()):
        raise AuthError("wrong digest")


def parse_digest_header(value):
    fields = {}
    for part in value[len("Digest "):].split(","):
        if "=" in part:
            k, v = part.strip().split("=", 1)
            fields[k.strip()] = v.strip().strip('"')
    return fields


def check_http_digest(device, method, authorization):
    if not authorization or not authorization.startswith("Digest "):
        raise AuthError("no digest")
    f = parse_digest_header(authorization)
    if f.get("username") != device.user or f.get("realm") != device.digest_realm:
        raise AuthError("unknown user")
    ha1 = hashlib.md5(("%s:%s:%s" % (device.user, device.digest_realm, device.password)).encode()).hexdigest()
    ha2 = hashlib.md5(("%s:%s" % (method, f.get("uri", ""))).encode()).hexdigest()
    expected = hashlib.md5(("%s:%s:%s:%s:%s:%s" % (ha1, f.get("nonce", ""), f.get("nc", ""), f.get("cnonce", ""),
                                                     f.get("qop", ""), ha2)).encode()).hexdigest()
    if not secrets.compare_digest(expected, f.get("response", "")):
        raise AuthError("wrong digest")


def envelope(body, header=""):
    ns = " ".join('xmlns:%s="%s"' % (k, v) for k, v in NS.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope %s><env:Header>%s</env:Header>'
            '<env:Body>%s</env:Body></env:Envelope>' % (ns, header, body)).encode()


def fault(code, subcode, reason):
    return envelope('<env:Fault><env:Code><env:Value>env:%s</env:Value><env:Subcode><env:Value>%s</env:Value>'
                    '</env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">%s</env:Text></env:Reason>'
                    '</env:Fault>' % (code, subcode, escape(reason)))


def profile_xml(p, tag="trt:Profiles"):
    return ('<%s token="%s" fixed="true"><tt:Name>%s</tt:Name>'
            '<tt:VideoSourceConfiguration token="vsc_0"><tt:Name>source</tt:Name><tt:UseCount>%d</tt:UseCount>'
            '<tt:SourceToken>video_source_0</tt:SourceToken><tt:Bounds x="0" y="0" width="%d" height="%d"/>'
            '</tt:VideoSourceConfiguration>%s</%s>') % (
        tag, p.token, escape(p.name), 1, p.width, p.height, encoder_xml(p), tag)


def encoder_xml(p, tag="tt:VideoEncoderConfiguration"):
    return ('<%s token="vec_%s"><tt:Name>%s</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>%s</tt:Encoding>'
            '<tt:Resolution><tt:Width>%d</tt:Width><tt:Height>%d</tt:Height></tt:Resolution>'
            '<tt:Quality>4</tt:Quality><tt:RateControl><tt:FrameRateLimit>25</tt:FrameRateLimit>'
            '<tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>2048</tt:BitrateLimit></tt:RateControl>'
            '<tt:H264><tt:GovLength>50</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>'
            '<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address>'
            '<tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>'
            '<tt:SessionTimeout>PT60S</tt:SessionTimeout></%s>') % (
        tag, p.token, escape(p.name), p.encoding, p.width, p.height, tag)


def operation_body(device, op, request):
    """The response body of one operation, or None when the device does not implement it."""
    if op == "GetSystemDateAndTime":
        t = device.now()
        return ('<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType>'
                '<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>'
                '<tt:UTCDateTime><tt:Time><tt:Hour>%d</tt:Hour><tt:Minute>%d</tt:Minute><tt:Second>%d</tt:Second>'
                '</tt:Time><tt:Date><tt:Year>%d</tt:Year><tt:Month>%d</tt:Month><tt:Day>%d</tt:Day></tt:Date>'
                '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>') % (
            t.hour, t.minute, t.second, t.year, t.month, t.day)
    if op == "GetDeviceInformation":
        return ('<tds:GetDeviceInformationResponse><tds:Manufacturer>%s</tds:Manufacturer><tds:Model>%s</tds:Model>'
                '<tds:FirmwareVersion>%s</tds:FirmwareVersion><tds:SerialNumber>%s</tds:SerialNumber>'
                '<tds:HardwareId>%s</tds:HardwareId></tds:GetDeviceInformationResponse>') % (
            MANUFACTURER, MODEL, FIRMWARE, device.serial, HARDWARE)
    if op == "GetCapabilities":
        return ('<tds:GetCapabilitiesResponse><tds:Capabilities>'
                '<tt:Device><tt:XAddr>%s</tt:XAddr></tt:Device>'
                '<tt:Media><tt:XAddr>%s</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>'
                '<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities>'
                '</tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse>') % (
            device.service_url(), device.media_url())
    if op == "GetServices":
        return ('<tds:GetServicesResponse>'
                '<tds:Service><tds:Namespace>%s</tds:Namespace><tds:XAddr>%s</tds:XAddr>'
                '<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>'
                '<tds:Service><tds:Namespace>%s</tds:Namespace><tds:XAddr>%s</tds:XAddr>'
                '<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>'
                '</tds:GetServicesResponse>') % (NS["tds"], device.service_url(), NS["trt"], device.media_url())
    if op == "GetHostname":
        return ('<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP>'
                '<tt:Name>%s</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>') % escape(device.name)
    if op == "GetScopes":
        return "<tds:GetScopesResponse>%s</tds:GetScopesResponse>" % "".join(
            "<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>%s</tt:ScopeItem></tds:Scopes>" % escape(s)
            for s in device.scopes())
    if op == "GetNetworkInterfaces":
        return ('<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token="eth0"><tt:Enabled>true</tt:Enabled>'
                '<tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Config><tt:Manual><tt:Address>127.0.0.1</tt:Address>'
                '<tt:PrefixLength>8</tt:PrefixLength></tt:Manual><tt:DHCP>false</tt:DHCP></tt:Config></tt:IPv4>'
                '</tds:NetworkInterfaces></tds:GetNetworkInterfacesResponse>')
    if op == "GetProfiles":
        return "<trt:GetProfilesResponse>%s</trt:GetProfilesResponse>" % "".join(
            profile_xml(p) for p in device.profiles)
    if op == "GetVideoSources":
        p = device.profiles[0]
        return ('<trt:GetVideoSourcesResponse><trt:VideoSources token="video_source_0"><tt:Framerate>25</tt:Framerate>'
                '<tt:Resolution><tt:Width>%d</tt:Width><tt:Height>%d</tt:Height></tt:Resolution></trt:VideoSources>'
                '</trt:GetVideoSourcesResponse>') % (p.width, p.height)
    if op == "GetVideoEncoderConfigurations":
        return "<trt:GetVideoEncoderConfigurationsResponse>%s</trt:GetVideoEncoderConfigurationsResponse>" % "".join(
            encoder_xml(p, "trt:Configurations") for p in device.profiles)
    if op in ("GetProfile", "GetStreamUri", "GetSnapshotUri", "GetVideoEncoderConfiguration"):
        token = (request.findtext("trt:ProfileToken", default="", namespaces=NS)
                 or request.findtext("trt:ConfigurationToken", default="", namespaces=NS) or "").strip()
        if token.startswith("vec_"):
            token = token[len("vec_"):]
        p = device.profile(token)
        if p is None:
            raise LookupError("no profile with token '%s'" % token)
        if op == "GetProfile":
            return "<trt:GetProfileResponse>%s</trt:GetProfileResponse>" % profile_xml(p, "trt:Profile")
        if op == "GetVideoEncoderConfiguration":
            return "<trt:GetVideoEncoderConfigurationResponse>%s</trt:GetVideoEncoderConfigurationResponse>" % (
                encoder_xml(p, "trt:Configuration"))
        if op == "GetStreamUri":
            uri = device.rtsp_base + p.mount
            tag = "trt:GetStreamUriResponse"
        else:
            uri = "%s/onvif/snapshot/%s.jpg" % (device.http_base, p.token)
            tag = "trt:GetSnapshotUriResponse"
        return ('<%s><trt:MediaUri><tt:Uri>%s</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>'
                '<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>'
                '</%s>') % (tag, escape(uri), tag)
    return None


def make_handler(device):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # one line per request on stderr, like the RTSP side's logs
            sys.stderr.write("onvif: %s\n" % (fmt % args))

        def reply(self, status, body, content_type="application/soap+xml; charset=utf-8", headers=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            prefix = "/onvif/snapshot/"
            if self.path.startswith(prefix) and self.path.endswith(".jpg"):
                jpeg = device.snapshot(self.path[len(prefix):-len(".jpg")])
                if jpeg is not None:
                    self.reply(200, jpeg, "image/jpeg")
                    return
            self.reply(404, b"not found\n", "text/plain")

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
            if device.user is not None and device.auth_mode == "http-digest":
                try:
                    check_http_digest(device, "POST", self.headers.get("Authorization"))
                except AuthError:
                    challenge = 'Digest realm="%s", qop="auth", algorithm=MD5, nonce="%s"' % (
                        device.digest_realm, secrets.token_hex(16))
                    self.reply(401, b"", "text/plain", [("WWW-Authenticate", challenge)])
                    return
            try:
                root = ET.fromstring(raw)
                body = root.find("env:Body", NS)
                request = body[0]
            except (ET.ParseError, TypeError, IndexError):
                self.reply(400, fault("Sender", "ter:WellFormed", "request is not a SOAP 1.2 envelope"))
                return
            op = request.tag.split("}")[-1]
            if device.user is not None and device.auth_mode == "wsse":
                header = root.find("env:Header", NS)
                user = header.findtext("wsse:Security/wsse:UsernameToken/wsse:Username", default="",
                                       namespaces=NS).strip() if header is not None else ""
                # clients such as onvif-util send pre-authentication calls with an empty user name
                if user or op not in PRE_AUTH:
                    try:
                        check_username_token(device, header)
                    except AuthError as e:
                        sys.stderr.write("onvif: %s refused: %s\n" % (op, e))
                        self.reply(400, fault("Sender", "ter:NotAuthorized", "Sender not Authorized"))
                        return
            try:
                result = operation_body(device, op, request)
            except LookupError as e:
                self.reply(400, fault("Sender", "ter:InvalidArgVal", str(e)))
                return
            if result is None:
                self.reply(400, fault("Receiver", "ter:ActionNotSupported", "%s is not supported" % op))
                return
            self.reply(200, envelope(result))

    return Handler


def start_http(device, port):
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(device))
    server.daemon_threads = True
    device.http_base = "http://127.0.0.1:%d" % server.server_address[1]
    threading.Thread(target=server.serve_forever, name="onvif-http", daemon=True).start()
    return server


def probe_match(device, relates_to):
    scopes = " ".join(device.scopes())
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="%s" xmlns:wsa="%s" xmlns:wsd="%s" '
            'xmlns:dn="%s"><env:Header><wsa:MessageID>urn:uuid:%s</wsa:MessageID><wsa:RelatesTo>%s</wsa:RelatesTo>'
            '<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>'
            '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></env:Header>'
            '<env:Body><wsd:ProbeMatches><wsd:ProbeMatch><wsa:EndpointReference><wsa:Address>%s</wsa:Address>'
            '</wsa:EndpointReference><wsd:Types>dn:NetworkVideoTransmitter</wsd:Types><wsd:Scopes>%s</wsd:Scopes>'
            '<wsd:XAddrs>%s</wsd:XAddrs><wsd:MetadataVersion>1</wsd:MetadataVersion></wsd:ProbeMatch>'
            '</wsd:ProbeMatches></env:Body></env:Envelope>') % (
        NS["env"], NS["wsa"], NS["wsd"], NS["dn"], uuid.uuid4(), escape(relates_to), device.endpoint,
        escape(scopes), escape(device.service_url()))
    return text.encode()


def wants_video_transmitter(probe):
    """True for a Probe without Types or one asking for NetworkVideoTransmitter (any prefix)."""
    types = probe.findtext("wsd:Types", default="", namespaces=NS).split()
    return not types or any(t.split(":")[-1] in ("NetworkVideoTransmitter", "Device") for t in types)


def start_discovery(device, port=None):
    """Multicast responder on 3702, or (port given) a unicast one on 127.0.0.1:port for directed probes,
    which joins no multicast group and so is safe on a shared host's normal network stack."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if port is None:
        sock.bind(("", 3702))
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                        struct.pack("4s4s", socket.inet_aton("239.255.255.250"), socket.inet_aton("0.0.0.0")))
    else:
        sock.bind(("127.0.0.1", port))

    def serve():
        while True:
            data, sender = sock.recvfrom(65535)
            try:
                root = ET.fromstring(data)
                probe = root.find("env:Body/wsd:Probe", NS)
                message_id = root.findtext("env:Header/wsa:MessageID", default="", namespaces=NS).strip()
            except ET.ParseError:
                continue
            if probe is None or not wants_video_transmitter(probe):
                continue
            # WS-Discovery asks for a random delay before answering a multicast probe, so that many devices
            # do not answer at once; 0..100 ms keeps tests quick
            time.sleep(secrets.randbelow(100) / 1000.0)
            sock.sendto(probe_match(device, message_id), sender)
            sys.stderr.write("onvif: answered WS-Discovery probe from %s:%d\n" % sender)

    threading.Thread(target=serve, name="onvif-discovery", daemon=True).start()
    return sock
