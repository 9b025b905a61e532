package city.citywatch.core.camera;

/** Connection state of a camera as its ingest worker sees it. */
public enum CameraState {
    CONNECTING, ONLINE, OFFLINE
}
