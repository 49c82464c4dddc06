package org.imagerepo.cli;

import org.imagerepo.client.Image;
import org.imagerepo.client.ImageRepoException;
import org.imagerepo.client.Images;
import org.imagerepo.client.NewImage;
import org.imagerepo.client.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "put", sortOptions = false,
        description = {
                "Register an image and upload its file; prints the new image's id.",
                "Waits until the repository reports the image available. Only the id goes to stdout, so "
                        + "ID=$(imagerepo put disk.qcow2 --os ubuntu) works."
        })
final class PutCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "the image file to upload")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "a name for the image (default: the file name)")
    String name;

    @Option(names = "--os", paramLabel = "OS", description = "operating system, e.g. ubuntu, centos")
    String os;

    @Option(names = "--description", paramLabel = "TEXT", description = "free text")
    String description;

    @Option(names = "--tag", paramLabel = "TAG", split = ",",
            description = "a keyword; repeat the option or separate with commas")
    List<String> tags;

    @Option(names = "--vmtype", paramLabel = "TYPE", description = "none, xen, kvm, virtualbox or vmware")
    String vmType;

    @Option(names = "--imgtype", paramLabel = "TYPE",
            description = "machine, kernel, eucalyptus, nimbus, opennebula or openstack")
    String imgType;

    @Option(names = "--permission", paramLabel = "PERM", description = "private or public")
    String permission;

    @Option(names = "--arch", paramLabel = "ARCH", description = "architecture, e.g. x86_64")
    String arch;

    @Option(names = "--disk-format", paramLabel = "FORMAT", description = "raw, qcow2, vmdk, vhd, vdi, iso, ...")
    String diskFormat;

    @Option(names = {"-a", "--attributes"}, paramLabel = "ATTRS",
            description = "attributes as in the original system, e.g. \"os=centos&vmtype=kvm&tag=t1,t2\" "
                    + "(the options above win over it)")
    String attributes;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "how long to wait for the image to become available (default ${DEFAULT-VALUE}; 0 = "
                    + "do not wait)")
    long waitSeconds;

    @Override
    public Integer call() {
        Map<String, Object> attrs;
        try {
            attrs = new LinkedHashMap<>(Attributes.attributeString(attributes));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid -a: " + e.getMessage());
        }
        if (waitSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--wait must not be negative");
        }
        if (!Files.isRegularFile(file)) {
            throw new ImageRepoException(ImageRepoException.Kind.IO,
                    Files.exists(file) ? file + " is not a regular file" : "no such file: " + file);
        }
        putIfGiven(attrs, "name", name);
        putIfGiven(attrs, "os", os);
        putIfGiven(attrs, "description", description);
        if (tags != null) {
            attrs.put("tag", tags.stream().map(String::strip).filter(t -> !t.isEmpty()).toList());
        }
        putIfGiven(attrs, "vmType", vmType);
        putIfGiven(attrs, "imgType", imgType);
        putIfGiven(attrs, "permission", permission);
        putIfGiven(attrs, "arch", arch);
        putIfGiven(attrs, "diskFormat", diskFormat);
        attrs.putIfAbsent("name", file.getFileName().toString());

        NewImage.Builder nb = NewImage.builder()
                .name((String) attrs.get("name"))
                .os((String) attrs.get("os"))
                .description((String) attrs.get("description"))
                .vmType((String) attrs.get("vmType"))
                .imgType((String) attrs.get("imgType"))
                .permission((String) attrs.get("permission"))
                .arch((String) attrs.get("arch"))
                .diskFormat((String) attrs.get("diskFormat"));
        @SuppressWarnings("unchecked")
        List<String> tagList = (List<String>) attrs.get("tag");
        nb.tags(tagList);
        if (attrs.containsKey("imgStatus")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "imgStatus cannot be given at upload; the repository sets it");
        }

        Images images = root.client(spec).images();
        Image image = images.register(nb.build());
        String id = image.imgId();
        ProgressListener progress = root.showProgress()
                ? new ProgressBar(spec.commandLine().getErr(), ProgressBar.label(file.getFileName().toString()))
                : ProgressListener.NONE;
        try {
            images.upload(id, file, progress);
        } catch (RuntimeException e) {
            try {
                images.remove(id); // leave no half-registered image behind
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (waitSeconds > 0) {
            image = images.awaitAvailable(id, Duration.ofSeconds(waitSeconds));
        } else {
            image = images.show(id);
        }
        if (output.json()) {
            Output.json(spec.commandLine().getOut(), image);
        } else {
            spec.commandLine().getOut().println(id);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static void putIfGiven(Map<String, Object> attrs, String key, String value) {
        if (value != null) {
            attrs.put(key, value);
        }
    }
}
