package city.citywatch.storage.objectstore;

import city.citywatch.core.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gets evidence (snapshots, clips) into the object store without losing any while the store is down.
 *
 * <p>{@link #submit} only writes the object into the spool directory (a temporary file, flushed to disk,
 * then renamed into place: a spooled upload is whole or absent) and returns. One thread owned by this
 * uploader sends spooled files oldest first, and deletes a file only after the store confirmed the upload.
 * When an upload fails it waits, doubling the wait up to a limit, and tries the same file again, so the
 * order of uploads is kept. A new uploader on the same directory (after a crash or restart) picks up
 * whatever was left. Files whose header cannot be read are moved to {@code rejected/} in the spool
 * directory and logged, rather than blocking the queue forever.
 *
 * <p>The caller keeps ownership of the {@link ObjectStore}; {@link #close} stops the thread and leaves
 * unsent files in the spool for the next start.
 */
public final class EvidenceUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceUploader.class);
    private static final String TEMP_PREFIX = ".incoming-";
    private static final long IDLE_RESCAN_MS = 10_000;

    private final ObjectStore store;
    private final UploaderSettings settings;
    private final Path spoolDir;
    private final Path rejectedDir;
    private final AtomicLong sequence = new AtomicLong();
    private final Object wakeUp = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread worker;
    private boolean submittedSinceScan;
    private volatile boolean closed;
    private volatile String lastError;
    private boolean bucketChecked;

    public EvidenceUploader(ObjectStore store, Path spoolDir) {
        this(store, UploaderSettings.of(spoolDir));
    }

    /** Creates the spool directory if needed, clears half-written files, and starts uploading what is spooled. */
    public EvidenceUploader(ObjectStore store, UploaderSettings settings) {
        this.store = store;
        this.settings = settings;
        this.spoolDir = settings.spoolDir().toAbsolutePath().normalize();
        this.rejectedDir = spoolDir.resolve("rejected");
        try {
            Files.createDirectories(spoolDir);
            removeIncompleteFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the evidence spool directory " + spoolDir, e);
        }
        int waiting = spooled();
        if (waiting > 0) LOG.info("Evidence spool {} holds {} upload(s) from before; sending them", spoolDir, waiting);
        this.worker = new Thread(this::run, "evidence-uploader");
        worker.setDaemon(true); // nothing is lost if the JVM exits without close(): the spool is on disk
        worker.start();
    }

    /** Spools a copy of {@code file} for upload under {@code key}; the caller may delete its file afterwards. */
    public void submit(String key, Path file, String contentType) {
        ObjectStore.checkKey(key);
        ObjectStore.contentType(contentType);
        if (file == null || !Files.isRegularFile(file)) throw new ValidationException("file", "is not a readable file: " + file);
        spool(key, contentType, out -> Files.copy(file, out));
    }

    /** Spools {@code data} for upload under {@code key}. */
    public void submit(String key, byte[] data, String contentType) {
        ObjectStore.checkKey(key);
        ObjectStore.contentType(contentType);
        if (data == null) throw new ValidationException("data", "is required");
        spool(key, contentType, out -> out.write(data));
    }

    /** How many uploads wait in the spool (including one being sent now). */
    public int spooled() {
        return spoolFiles().size();
    }

    /** The error of the last failed upload, until an upload succeeds again; for health checks. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Path spoolDir() {
        return spoolDir;
    }

    private void spool(String key, String contentType, BodyWriter body) {
        if (closed) throw new IllegalStateException("evidence uploader is closed; cannot accept " + key);
        String name = String.format("%013d-%09d-%s%s", System.currentTimeMillis(), sequence.incrementAndGet(),
                UUID.randomUUID(), SpoolFile.SUFFIX);
        Path temp = spoolDir.resolve(TEMP_PREFIX + name);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                out.write(new SpoolFile(key, contentType, Instant.now()).header());
                body.write(out);
                out.flush();
                ch.force(true); // on disk before it becomes visible: a crash must not leave a truncated upload
            }
            Files.move(temp, spoolDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot spool evidence " + key + " in " + spoolDir + " (disk full?)", e);
        }
        synchronized (wakeUp) {
            submittedSinceScan = true;
            wakeUp.notifyAll();
        }
    }

    private void run() {
        long backoffMs = settings.initialBackoff().toMillis();
        boolean failing = false;
        while (!closed) {
            List<Path> files;
            try {
                files = spoolFiles();
            } catch (UncheckedIOException e) {
                lastError = e.getMessage();
                LOG.error("{}; retrying in {}", e.getMessage(), settings.maxBackoff());
                sleep(settings.maxBackoff().toMillis());
                continue;
            }
            if (files.isEmpty()) {
                waitForWork();
                continue;
            }
            for (Path file : files) {
                if (closed) return;
                try {
                    upload(file);
                    if (failing) {
                        LOG.info("Object store {} accepts uploads again; {} spooled upload(s) left",
                                store.settings().endpoint(), spooled());
                        failing = false;
                    }
                    lastError = null;
                    backoffMs = settings.initialBackoff().toMillis();
                } catch (CorruptSpoolFileException e) {
                    reject(file, e);
                } catch (RuntimeException | IOException e) {
                    lastError = e.getMessage();
                    if (!failing) {
                        LOG.warn("Evidence upload failed, {} upload(s) wait in {} and are retried with back-off up to {}: {}",
                                spooled(), spoolDir, settings.maxBackoff(), e.getMessage());
                        failing = true;
                    } else {
                        LOG.debug("Evidence upload failed again, next try in {} ms: {}", backoffMs, e.getMessage());
                    }
                    sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, settings.maxBackoff().toMillis());
                    break; // rescan, then retry the oldest file first
                }
            }
        }
    }

    private void upload(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            SpoolFile.Header header;
            try {
                header = SpoolFile.readHeader(in);
            } catch (IOException e) {
                throw new CorruptSpoolFileException(e.getMessage());
            }
            if (!bucketChecked) {
                store.ensureBucket();
                bucketChecked = true;
            }
            store.put(header.file().key(), in, size - header.length(), header.file().contentType());
            LOG.debug("Uploaded {} from the spool", header.file().key());
        }
        Files.delete(file); // only now: the store has confirmed the object
    }

    private void reject(Path file, CorruptSpoolFileException e) {
        try {
            Files.createDirectories(rejectedDir);
            Files.move(file, rejectedDir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            LOG.error("Spooled upload {} is unreadable ({}); moved to {} for inspection", file.getFileName(), e.getMessage(), rejectedDir);
        } catch (IOException io) {
            LOG.error("Spooled upload {} is unreadable ({}) and cannot be moved to {}: {}; stopping uploads",
                    file, e.getMessage(), rejectedDir, io.toString());
            closed = true;
        }
    }

    private List<Path> spoolFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(spoolDir, "*" + SpoolFile.SUFFIX)) {
            for (Path p : dir) {
                if (!p.getFileName().toString().startsWith(TEMP_PREFIX)) files.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the evidence spool " + spoolDir, e);
        }
        files.sort(null); // names start with the submission time and sequence: oldest first
        return files;
    }

    /** A crash while spooling leaves a temporary file; its submit() never returned, so nobody relies on it. */
    private void removeIncompleteFiles() throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(spoolDir, TEMP_PREFIX + "*")) {
            for (Path p : dir) {
                LOG.warn("Removing half-written spool file {} left by an earlier crash", p.getFileName());
                Files.deleteIfExists(p);
            }
        }
    }

    private void waitForWork() {
        synchronized (wakeUp) {
            try {
                if (!submittedSinceScan && !closed) wakeUp.wait(IDLE_RESCAN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
            submittedSinceScan = false;
        }
    }

    private void sleep(long ms) {
        try {
            closing.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops the upload thread (waiting up to 10 s for an upload in progress); unsent files stay spooled. */
    @Override
    public void close() {
        closed = true;
        closing.countDown();
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            worker.join(Duration.ofSeconds(10));
            if (worker.isAlive()) {
                LOG.warn("Evidence upload still running after 10 s; interrupting it (the file stays spooled)");
                worker.interrupt();
                worker.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = spooled();
        if (left > 0) LOG.info("Evidence uploader stopped with {} upload(s) spooled in {}; they go out at next start", left, spoolDir);
    }

    @FunctionalInterface
    private interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private static final class CorruptSpoolFileException extends IOException {
        CorruptSpoolFileException(String message) {
            super(message);
        }
    }
}
