package raftlab.server.api;

import org.eclipse.jetty.http.HttpHeader;
import raftlab.server.NodeConfig;
import raftlab.server.net.PeerAuth;

/** The client API's membership routes, in front of the node's {@link raftlab.server.members.ClusterMembers}. */
final class MembersRoute {
    private MembersRoute() {
    }

    static final String PATH = "/cluster/members";
    /** An add waits for the new node to catch up (Raft bounds that at 10 s) after two writes. */
    static final long MEMBER_CHANGE_TIMEOUT_MS = 30_000;

    /**
     * {@code GET /cluster/members}; {@code POST /cluster/members} with {@code {"peerUrl", "clientUrl"}}
     * adds a node; {@code DELETE /cluster/members/{id}} removes one. Changes need the cluster token.
     */
    static void serve(ClientApi.Backend node, String rest, Exchange x) {
        String method = x.request.getMethod();
        x.op = "members";
        x.only(x.query());
        if (rest.isEmpty() && method.equals("GET")) {
            x.reply(200, node.members().describe());
            return;
        }
        if (rest.isEmpty() ? !method.equals("POST") : !method.equals("DELETE")) {
            x.response.getHeaders().put(HttpHeader.ALLOW, rest.isEmpty() ? "GET, POST" : "DELETE");
            throw new BadRequest(405, method + " is not allowed here; use " + (rest.isEmpty() ? "GET or POST" : "DELETE"));
        }
        if (!node.acceptsPeerToken(x.request.getHeaders().get(PeerAuth.HEADER))) {
            x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "RaftLab-Token realm=\"members\"");
            throw new BadRequest(401, "membership changes need the cluster token in " + PeerAuth.HEADER);
        }
        if (rest.isEmpty()) {
            x.withBody(4096, "the member", body -> {
                MemberJson.Add add = MemberJson.parse(body);
                x.await(node.members().add(add.peerUrl(), add.clientUrl()), MEMBER_CHANGE_TIMEOUT_MS, out -> x.reply(200, out));
            });
        } else {
            String id = rest.substring(1);
            if (!id.matches("[0-9]{1,2}")) {
                throw new BadRequest(400, "a member is named by its node id (0 to " + (NodeConfig.MAX_NODES_LIMIT - 1)
                        + "), not '" + id + "'");
            }
            x.await(node.members().remove(Integer.parseInt(id)), MEMBER_CHANGE_TIMEOUT_MS, out -> x.reply(200, out));
        }
    }
}
