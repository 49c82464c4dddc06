package org.imagerepo.cli;

import picocli.CommandLine;

/** The version from the jar's manifest ({@code Implementation-Version}), or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = ImageRepoCli.class.getPackage().getImplementationVersion();
        return new String[]{
                "imagerepo " + (v == null ? "dev" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
