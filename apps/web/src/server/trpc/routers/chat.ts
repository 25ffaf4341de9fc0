import { z } from "zod";
import { conversationInput, getConversation, listConversations, sendMessage, sendMessageInput } from "../../chat/chat-service";
import { deleteProvider, listProviders, saveProvider, saveProviderInput } from "../../chat/llm-providers";
import { protectedProcedure, router } from "../init";

const id = z.string().min(1).max(64);

export const chatRouter = router({
  conversations: protectedProcedure.input(z.object({ strategyId: id })).query(({ ctx, input }) => listConversations(ctx.deps, ctx.user.userId, input.strategyId)),
  conversation: protectedProcedure.input(conversationInput).query(({ ctx, input }) => getConversation(ctx.deps, ctx.user.userId, input)),
  /** Starts the answer and returns at once; the reply's progress shows in `conversation`. */
  send: protectedProcedure.input(sendMessageInput).mutation(async ({ ctx, input }) => {
    const { conversationId, replyId } = await sendMessage(ctx.deps, ctx.user.userId, input);
    return { conversationId, replyId };
  }),
  providers: protectedProcedure.query(({ ctx }) => listProviders(ctx.deps, ctx.user.userId)),
  saveProvider: protectedProcedure.input(saveProviderInput).mutation(({ ctx, input }) => saveProvider(ctx.deps, ctx.user.userId, input)),
  deleteProvider: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteProvider(ctx.deps, ctx.user.userId, input.id)),
});
