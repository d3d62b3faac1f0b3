package io.fleetline.agent.internal.firmware;

import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * An image over HTTPS, continuing with {@code Range: bytes=N-} from the {@code N} bytes the work file holds. A server
 * that answers the whole image (200) starts the file again; one that has nothing past the end (416) means the file
 * is whole. A blocking client on the agent's virtual thread: no thread or selector per agent, and a buffer of one TLS
 * record's worth, so that thousands of agents downloading at once in one JVM (the fleet simulator) hold little.
 */
final class HttpsDownload implements Download {
    private static final int CHUNK = 16 * 1024;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final URI url;
    private final SSLContext tls;
    private final DownloadTap tap;
    private final String jobId;
    private final AtomicFiles files;

    /** @param tls the agent's context for downloads, made once ({@code AgentSettings.https}) */
    HttpsDownload(URI url, SSLContext tls, DownloadTap tap, String jobId, AtomicFiles files) {
        this.url = url;
        this.tls = tls;
        this.tap = tap;
        this.jobId = jobId;
        this.files = files;
    }

    @Override
    public void fetch(Path file, long size, Progress progress) throws IOException, InterruptedException {
        long have = Files.exists(file) ? Files.size(file) : 0;
        if (have > size) {
            Files.delete(file);
            have = 0;
        }
        if (have == size) {
            return;
        }
        HttpsURLConnection connection = (HttpsURLConnection) url.toURL().openConnection();
        try {
            connection.setSSLSocketFactory(tls.getSocketFactory());
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestProperty("Range", "bytes=" + have + "-");
            int status = connection.getResponseCode();
            if (status == 416) {
                throw new IOException("the server has nothing past byte " + have + " of a " + size + "-byte image");
            }
            if (status != HttpURLConnection.HTTP_OK && status != HttpURLConnection.HTTP_PARTIAL) {
                String reason = "HTTP " + status + " for the image";
                throw status >= 400 && status < 500 ? new Refused(reason) : new IOException(reason);
            }
            long from = status == HttpURLConnection.HTTP_PARTIAL ? have : 0;
            try (InputStream in = connection.getInputStream()) {
                copy(in, file, from, size, progress);
            }
        } finally {
            connection.disconnect();
        }
    }

    private void copy(InputStream in, Path file, long from, long size, Progress progress)
            throws IOException, InterruptedException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(from);
            long offset = from;
            byte[] buffer = new byte[CHUNK];
            while (offset < size) {
                int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - offset));
                if (read <= 0) {
                    throw new IOException("the download ended at byte " + offset + " of " + size);
                }
                byte[] kept = tap.chunk(jobId, offset, java.util.Arrays.copyOf(buffer, read));
                out.write(ByteBuffer.wrap(kept), offset);
                offset += kept.length;
                progress.bytes(offset);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            files.force(out);
        }
    }
}
