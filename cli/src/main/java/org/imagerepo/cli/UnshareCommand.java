package org.imagerepo.cli;

import org.imagerepo.client.Image;
import org.imagerepo.client.Sharing;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "unshare", sortOptions = false,
        description = {
                "Stop sharing an image you own with users or directory groups; show it afterwards.",
                "Example:  imagerepo unshare ID --user bob"
        })
final class UnshareCommand extends ShareCommand {

    @Override
    Image apply(Sharing sharing, List<String> u, List<String> g) {
        return sharing.unshare(id, u, g);
    }
}
