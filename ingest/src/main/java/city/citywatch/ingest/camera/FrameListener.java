package city.citywatch.ingest.camera;

import city.citywatch.core.video.VideoFrame;

/**
 * Receives the decoded frames of one camera, at the camera's analysis rate, on the camera's worker thread.
 * Must return fast (hand the frame to a queue): while it runs, the worker reads no packets, and a camera that
 * is not read falls behind and eventually drops the connection.
 */
@FunctionalInterface
public interface FrameListener {
    void onFrame(VideoFrame frame);
}
